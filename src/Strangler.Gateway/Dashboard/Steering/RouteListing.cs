namespace Strangler.Gateway.Dashboard.Steering;

/// <summary>The serving routes, and the last rejected reload (null when the last load succeeded).</summary>
internal sealed record RouteListing(IReadOnlyList<RouteView> Routes, string? LoadError);
