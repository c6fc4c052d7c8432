namespace Strangler.Sync.Tombstones;

/// <summary>
/// How long deleted documents and items stay as tombstones in the new service's store (section
/// <c>Strangler:Sync:Tombstones</c>). A tombstone keeps a replayed older change from bringing a deleted row back; once
/// it is pruned, a change older than the delete that arrives after that would. So keep them longer than anything can be
/// replayed: the CDC topics' and dead-letter topics' <c>retention.ms</c> (Kafka's default is 7 days).
/// </summary>
public sealed record TombstoneOptions
{
    /// <summary>How long a tombstone is kept after it was written (default 7 days, Kafka's default topic retention).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How often the pruner removes tombstones past <see cref="Retention"/> (default every 10 minutes).</summary>
    public TimeSpan PruneInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Documents removed or rewritten per store write, so that no prune holds up the projection for long (default 1000).</summary>
    public int PruneBatchSize { get; init; } = 1000;
}
