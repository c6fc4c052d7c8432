namespace Strangler.Gateway.Rollout.State;

/// <summary>
/// Where rollout states live: files beside the route history for a single gateway, the fleet's store for a fleet (so
/// every replica sees one state and the <c>rollout</c> lease can move without losing a step). Reads come from a
/// snapshot that <see cref="RefreshAsync"/> brings up to date; every write is a compare-and-set on
/// <see cref="RolloutState.Version"/>, so two replicas cannot overwrite each other's changes.
/// </summary>
internal interface IRolloutStateStore
{
    /// <summary>Why the store could not be read or written at the last attempt; null while it answers.</summary>
    string? Unavailable { get; }

    /// <summary>The sub-domain's state as of the last refresh or write; null when it has none.</summary>
    RolloutState? Get(string subdomain);

    /// <summary>Every state as of the last refresh or write, by sub-domain.</summary>
    IReadOnlyList<RolloutState> All();

    /// <summary>
    /// Re-reads the states when the snapshot is older than <paramref name="maxAge"/> (<see cref="TimeSpan.Zero"/>:
    /// always). Throws <see cref="RolloutStoreUnavailableException"/> when the store cannot be reached.
    /// </summary>
    Task RefreshAsync(TimeSpan maxAge, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="state"/> if the stored version is still <see cref="RolloutState.Version"/> (0: no state
    /// yet) and returns it as written, one version on; returns null when another writer got there first (the snapshot
    /// then holds the winner's state). Throws <see cref="RolloutStoreUnavailableException"/> when the store cannot be reached.
    /// </summary>
    Task<RolloutState?> TrySaveAsync(RolloutState state, CancellationToken cancellationToken);
}
