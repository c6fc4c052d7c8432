namespace Samples.LegacyMonolith.Customers;

/// <summary>A customer as the monolith's HTTP API returns it.</summary>
/// <param name="Id">Primary key of the <c>Customers</c> row.</param>
/// <param name="Name">Display name.</param>
/// <param name="Email">Contact e-mail address.</param>
/// <param name="CreatedAt">When the customer was created.</param>
/// <param name="Addresses">Rows of the <c>Addresses</c> child table, in key order.</param>
public sealed record Customer(long Id, string Name, string Email, DateTimeOffset CreatedAt, IReadOnlyList<Address> Addresses);
