namespace Samples.CustomersService.Customers;

/// <summary>
/// How this service honours the gateway's shadow requests: a request carrying <c>X-Strangler-Shadow: 1</c> (the
/// gateway's <c>ShadowHeaders.Marker</c>) is answered as the real one would be, validation and 404s included, but
/// writes nothing: no document, no key taken, no domain event. The client's real request is served by legacy; the
/// gateway only compares the answers.
/// </summary>
internal static class ShadowRequests
{
    /// <summary>The header name; the gateway's <c>Strangler.Gateway.Configuration.ShadowHeaders.Marker</c>.</summary>
    public const string Header = "X-Strangler-Shadow";

    public static bool IsShadow(HttpContext context) => context.Request.Headers[Header] == "1";

    /// <summary>The customer a write would produce, without writing it (id 0 for a create: no key is taken).</summary>
    public static Customer Preview(long id, CustomerInput input, DateTimeOffset createdAt) => new(
        id,
        input.Name!,
        input.Email!,
        createdAt,
        (input.Addresses ?? []).OfType<AddressInput>().Select(a => new Address(a.Street!, a.City!, a.Kind!)).ToList());
}
