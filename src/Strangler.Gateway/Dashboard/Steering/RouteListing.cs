namespace Strangler.Gateway.Dashboard.Steering;

/// <summary>
/// The serving routes, and the last rejected reload (null when the last load succeeded), one entry per error, with when
/// it was read: the routes keep serving from the last accepted table, so a dashboard showing them must say since when
/// they are not the files. <see cref="Loaded"/> is false while there is no table at all, every request answered 503.
/// </summary>
internal sealed record RouteListing(
    IReadOnlyList<RouteView> Routes, IReadOnlyList<string>? LoadErrors, DateTimeOffset? LoadErrorAt = null, bool Loaded = true);
