using Strangler.Gateway.Admin;

namespace Strangler.Gateway.Fleet;

/// <summary>What <see cref="FleetStoreClient.ApplyAsync"/> did.</summary>
public sealed record FleetApplyResult
{
    /// <summary>The store's revision afterwards; for <see cref="FleetStoreClient.PlanApplyAsync"/>, as it is now.</summary>
    public required long Revision { get; init; }

    /// <summary>The changes recorded; empty when the store already had these routes.</summary>
    public required IReadOnlyList<RouteChange> Changes { get; init; }

    /// <summary>
    /// The changes made through a replica (a flip, a rollback, a rollout step) since the routes were last applied or
    /// seeded, which the apply overwrites: each replaced or removed route's last history entry, when it is one of those.
    /// </summary>
    public IReadOnlyList<RouteChange> Undone { get; init; } = [];
}
