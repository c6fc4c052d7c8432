namespace Samples.CustomersService.Customers;

/// <summary>A customer as the service returns it: the same JSON shape as the legacy monolith's.</summary>
/// <param name="Id">The customer key, shared with the legacy <c>Customers</c> table.</param>
/// <param name="Name">Display name.</param>
/// <param name="Email">Contact e-mail address.</param>
/// <param name="CreatedAt">When the customer was created.</param>
/// <param name="Addresses">Embedded addresses, in the order they were written.</param>
public sealed record Customer(long Id, string Name, string Email, DateTimeOffset CreatedAt, IReadOnlyList<Address> Addresses);
