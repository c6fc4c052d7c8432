using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Admin;

/// <summary>The serving route table and the last rejected change, if any.</summary>
internal sealed record RouteOverview
{
    /// <summary>False until a valid route table has been loaded.</summary>
    public required bool Loaded { get; init; }

    /// <summary>When the serving table was loaded or last changed.</summary>
    public DateTimeOffset? LoadedAt { get; init; }

    /// <summary>Every sub-domain, sorted by name.</summary>
    public required IReadOnlyList<RouteStatus> Routes { get; init; }

    /// <summary>The most recent rejected reload; null once a later load succeeds.</summary>
    public RouteLoadFailure? LastLoadError { get; init; }
}
