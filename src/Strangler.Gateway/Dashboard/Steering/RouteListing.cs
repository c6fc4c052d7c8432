namespace Strangler.Gateway.Dashboard.Steering;

/// <summary>
/// The serving routes, and the last rejected reload (null when the last load succeeded) with when it was read: the
/// routes keep serving from the last accepted table, so a dashboard showing them must say since when they are not the files.
/// </summary>
internal sealed record RouteListing(IReadOnlyList<RouteView> Routes, string? LoadError, DateTimeOffset? LoadErrorAt = null);
