using Strangler.Gateway.Configuration;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Admin;

/// <summary>
/// What the route admin says of a sub-domain name it does not know: the names there are and the one most likely
/// meant (as a route file's unknown field is answered), since a flip with a typo said only "no sub-domain named 'custmers'".
/// </summary>
internal static class UnknownSubdomainText
{
    /// <summary>For a read of the history: <paramref name="known"/> are the sub-domains served or recorded.</summary>
    public static string NotInRoutesOrHistory(string subdomain, IReadOnlyCollection<string> known) =>
        $"no sub-domain named '{subdomain}' in the routes or the history" + Known(known) + Meant(subdomain, known);

    /// <summary>For a change or a rollout command: <paramref name="served"/> are the routes' names, null with no table loaded.</summary>
    public static string NotServed(string? subdomain, IReadOnlyCollection<string>? served) => served is null
        ? $"no sub-domain named '{subdomain}': no route table is loaded (see lastLoadError in the routes list)"
        : $"no sub-domain named '{subdomain}' in the routes" + Known(served) + Meant(subdomain ?? "", served);

    /// <inheritdoc cref="NotServed(string?, IReadOnlyCollection{string}?)"/>
    public static string NotServed(string? subdomain, RouteTable? table) =>
        NotServed(subdomain, table?.Routes.Select(r => r.Name).Order(StringComparer.Ordinal).ToList());

    private static string Known(IReadOnlyCollection<string> known) => known.Count > 0 ? $" (known: {string.Join(", ", known)})" : "";

    private static string Meant(string subdomain, IReadOnlyCollection<string> known) =>
        UnknownFields.Suggest(subdomain, known) is { } meant ? $"; did you mean '{meant}'?" : "";
}
