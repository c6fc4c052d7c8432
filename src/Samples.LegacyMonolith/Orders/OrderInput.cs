namespace Samples.LegacyMonolith.Orders;

/// <summary>The body of <c>POST /orders</c>.</summary>
/// <param name="CustomerId">An existing customer's id.</param>
/// <param name="Total">A total greater than zero.</param>
public sealed record OrderInput(long? CustomerId, decimal? Total);
