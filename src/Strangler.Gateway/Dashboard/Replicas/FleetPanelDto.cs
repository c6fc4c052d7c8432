namespace Strangler.Gateway.Dashboard.Replicas;

/// <summary>
/// The fleet panel of a replica with a fleet store (a single gateway answers <see cref="SingleGatewayDto"/>): this
/// replica's route-state staleness (the figure of <c>/readyz</c> and <c>route_state_age</c>), and every replica from its heartbeat.
/// </summary>
internal sealed record FleetPanelDto
{
    public required bool Fleet { get; init; }

    public string? ReplicaId { get; init; }

    public long? ServedRevision { get; init; }

    /// <summary>Where the served state came from: <c>store</c>, <c>cache</c> or <c>none</c>.</summary>
    public string? Source { get; init; }

    /// <summary>Seconds since this replica last confirmed its state with the store; null if never.</summary>
    public double? AgeSeconds { get; init; }

    /// <summary>True when the store is unreachable, was never reached, or the last confirmation is older than it should be.</summary>
    public bool Stale { get; init; }

    /// <summary>Why this replica cannot reach the store now (as in <c>/readyz</c>).</summary>
    public string? StoreError { get; init; }

    /// <summary>The store's revision; null when the store could not be read for this panel.</summary>
    public long? StoreRevision { get; init; }

    /// <summary>Why the replica list could not be read; the list is then empty.</summary>
    public string? ReplicasError { get; init; }

    /// <summary>A replica whose last heartbeat is older than this is flagged silent.</summary>
    public double? SilentAfterSeconds { get; init; }

    /// <summary>A replica whose last heartbeat is older than this (<c>ReplicaGoneAfter</c>) is flagged gone instead.</summary>
    public double? GoneAfterSeconds { get; init; }

    public IReadOnlyList<FleetReplicaDto> Replicas { get; init; } = [];
}
