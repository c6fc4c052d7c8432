namespace Strangler.Gateway.Fleet;

/// <summary>One replica as it last reported itself to the store.</summary>
public sealed record ReplicaHeartbeat
{
    /// <summary>The replica's id (<c>Strangler:Gateway:Fleet:ReplicaId</c>).</summary>
    public required string ReplicaId { get; init; }

    /// <summary>Where it says it can be reached.</summary>
    public required string Address { get; init; }

    /// <summary>The route-state revision it serves.</summary>
    public required long Revision { get; init; }

    /// <summary>When it last confirmed its state with the store; null if it never reached the store.</summary>
    public DateTimeOffset? LastSync { get; init; }

    /// <summary>When its last heartbeat arrived.</summary>
    public required DateTimeOffset LastSeen { get; init; }

    /// <summary>
    /// When it stopped cleanly, saying so (by the store's clock); null while it runs, and for one that stopped without
    /// saying so (crashed, killed, cut off from the store), which falls silent instead.
    /// </summary>
    public DateTimeOffset? LeftAt { get; init; }

    /// <summary>
    /// The host of the process that holds this replica id's row, as it reported itself; null in a row written before
    /// runs were recorded. Read from the store only: a heartbeat being written names its run separately.
    /// </summary>
    public string? Host { get; init; }

    /// <summary>That process's id on <see cref="Host"/>; null in a row written before runs were recorded.</summary>
    public int? ProcessId { get; init; }

    /// <summary>
    /// When that process started (by its own clock): a later start than before under the same id is a restart. Null in
    /// a row written before runs were recorded.
    /// </summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>
    /// The host of the last process refused this replica id because the holder still ran (the same explicit
    /// <c>ReplicaId</c> configured twice), as that process reported itself; null when none was, or when the refused
    /// process has since taken the id over. Refused processes write nothing else to the store.
    /// </summary>
    public string? RefusedHost { get; init; }

    /// <summary>That refused process's id on <see cref="RefusedHost"/>; null when none was refused.</summary>
    public int? RefusedProcessId { get; init; }

    /// <summary>
    /// When that process was last refused, by the store's clock: it is refused again at every heartbeat it attempts,
    /// so an old time means it stopped trying. Null when none was refused.
    /// </summary>
    public DateTimeOffset? RefusedAt { get; init; }

    /// <summary>
    /// The store's clock when this row was read; null for a heartbeat not read from the store. <see cref="LastSeen"/>,
    /// <see cref="LeftAt"/> and <see cref="RefusedAt"/> are by the store's clock too, so their ages count from this, not
    /// from the reader's clock: a reader whose clock ran a few seconds ahead of the store's flagged every replica silent.
    /// </summary>
    public DateTimeOffset? ReadAt { get; init; }

    /// <summary>The store's time of the read (<see cref="ReadAt"/>), or <paramref name="localNow"/> for a heartbeat not read from it.</summary>
    /// <param name="localNow">The reader's clock.</param>
    public DateTimeOffset Now(DateTimeOffset localNow) => ReadAt ?? localNow;

    /// <summary>
    /// Whether another process was refused this replica id within <paramref name="window"/> before
    /// <paramref name="now"/> while this replica runs: the same explicit <c>ReplicaId</c> configured twice, which
    /// <c>strangler routes replicas</c> and the fleet panel flag <c>DUPLICATE</c>. The window is the one after which a
    /// replica is silent (<c>--silent-after</c>, three heartbeats): a refused process tries again at every heartbeat,
    /// so an older note means it stopped trying and is no longer anyone's concern; one that left has no id to share.
    /// </summary>
    /// <param name="now">The time to count from: the store's (<see cref="Now"/>), as the refusal is by its clock.</param>
    /// <param name="window">How recent a refusal still counts.</param>
    public bool RecentlyRefused(DateTimeOffset now, TimeSpan window) =>
        LeftAt is null && RefusedAt is { } at && now - at <= window;
}
