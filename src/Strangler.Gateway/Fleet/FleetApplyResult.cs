using Strangler.Gateway.Admin;

namespace Strangler.Gateway.Fleet;

/// <summary>What <see cref="FleetStoreClient.ApplyAsync"/> did.</summary>
public sealed record FleetApplyResult
{
    /// <summary>The store's revision afterwards.</summary>
    public required long Revision { get; init; }

    /// <summary>The changes recorded; empty when the store already had these routes.</summary>
    public required IReadOnlyList<RouteChange> Changes { get; init; }
}
