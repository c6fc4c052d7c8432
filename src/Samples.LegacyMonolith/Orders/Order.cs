namespace Samples.LegacyMonolith.Orders;

/// <summary>An order as the monolith's HTTP API returns it.</summary>
/// <param name="Id">Primary key of the <c>Orders</c> row.</param>
/// <param name="CustomerId">The customer who placed it.</param>
/// <param name="CustomerName">Read from the <c>Customers</c> table at query time; null once the customer is deleted.</param>
/// <param name="Total">Order total.</param>
/// <param name="PlacedAt">When the order was placed.</param>
public sealed record Order(long Id, long CustomerId, string? CustomerName, decimal Total, DateTimeOffset PlacedAt);
