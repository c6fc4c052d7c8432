namespace Samples.CustomersService.Customers;

/// <summary>One address in a <see cref="CustomerInput"/>.</summary>
/// <param name="Street">Street and number, required.</param>
/// <param name="City">City, required.</param>
/// <param name="Kind">Kind, required.</param>
public sealed record AddressInput(string? Street, string? City, string? Kind);
