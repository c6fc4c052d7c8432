using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Admin;

/// <summary>One entry of the route history: who changed which sub-domain, when, from what to what, and why.</summary>
public sealed record RouteChange
{
    /// <summary>When the change was applied.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Who made it (the admin API's <c>actor</c>, or <c>file</c> for an edit on disk).</summary>
    public required string Actor { get; init; }

    /// <summary>Why.</summary>
    public required string Reason { get; init; }

    /// <summary><c>flip</c>, <c>rollback</c> or <c>file</c> (a route file edited, added or removed on disk).</summary>
    public required string Action { get; init; }

    /// <summary>The sub-domain changed.</summary>
    public required string Subdomain { get; init; }

    /// <summary>Mode before (<c>legacy</c>, <c>new</c>, <c>canary:N</c>); null when the sub-domain was added.</summary>
    public string? From { get; init; }

    /// <summary>Mode after; null when the sub-domain was removed.</summary>
    public string? To { get; init; }

    /// <summary>Revision before; null when the sub-domain was added.</summary>
    public long? FromRevision { get; init; }

    /// <summary>Revision after; null when the sub-domain was removed.</summary>
    public long? Revision { get; init; }

    /// <summary>The full route after the change, so any revision can be restored; null when removed.</summary>
    public RouteDefinition? Route { get; init; }
}
