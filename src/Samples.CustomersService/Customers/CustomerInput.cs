namespace Samples.CustomersService.Customers;

/// <summary>The body of <c>POST /customers</c> and <c>PUT /customers/{id}</c>; checked by <see cref="CustomerInputValidator"/>.</summary>
/// <param name="Name">Display name, required.</param>
/// <param name="Email">E-mail address, required, must contain <c>@</c>.</param>
/// <param name="Addresses">Addresses; a PUT replaces all of them.</param>
public sealed record CustomerInput(string? Name, string? Email, IReadOnlyList<AddressInput?>? Addresses);
