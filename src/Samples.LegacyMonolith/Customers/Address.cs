namespace Samples.LegacyMonolith.Customers;

/// <summary>One address of a customer.</summary>
/// <param name="Street">Street and number.</param>
/// <param name="City">City.</param>
/// <param name="Kind">What the address is for, e.g. <c>home</c>, <c>billing</c> or <c>shipping</c>.</param>
public sealed record Address(string Street, string City, string Kind);
