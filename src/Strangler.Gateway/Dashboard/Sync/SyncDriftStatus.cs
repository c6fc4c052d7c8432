namespace Strangler.Gateway.Dashboard.Sync;

/// <summary>
/// A projection's latest continuous check as a sync worker reports it in the <c>drift</c> array of its status
/// (the shared contract): when, how many keys were sampled, how many differed, and their share.
/// </summary>
internal sealed record SyncDriftStatus
{
    public required string Projection { get; init; }

    public DateTimeOffset At { get; init; }

    public int Sampled { get; init; }

    public int Differing { get; init; }

    public double Drift { get; init; }

    /// <summary>How often the worker checks (its <c>SampleInterval</c>); null from a worker that does not say.</summary>
    public double? IntervalSeconds { get; init; }

    /// <summary>Why the check is no evidence of drift (its pipeline was catching up as it ended); null when it is.</summary>
    public string? CatchingUp { get; init; }

    /// <summary>
    /// How many partitions of the projection's pipeline the worker held as the check ended; null from a worker that
    /// does not say (the pipeline's <see cref="SyncPipelineStatus.Partitions"/> stands in). At 0 the worker could not
    /// tell a change on its way from drift.
    /// </summary>
    public int? Partitions { get; init; }

    /// <summary>
    /// When the check is no evidence because the projection's consumer group was catching up: the partitions it still had
    /// changes from before the check to apply on, worst first (whichever worker holds them). Null or empty otherwise.
    /// </summary>
    public IReadOnlyList<SyncPartitionBehind>? Behind { get; init; }

    /// <summary>Whether <paramref name="other"/> reports the same check: a record compares its list by reference, and every poll reads a new one.</summary>
    public bool SameAs(SyncDriftStatus other) =>
        this with { Behind = null } == other with { Behind = null } && (Behind ?? []).SequenceEqual(other.Behind ?? []);
}
