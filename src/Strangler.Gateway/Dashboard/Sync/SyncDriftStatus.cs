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
    /// Why the worker checked no key ("no partitions assigned"); null for a check that ran. A skipped check's 0 of 0 is
    /// no agreement: without this the dashboard showed it as "drift 0.0 %".
    /// </summary>
    public string? Skipped { get; init; }
}
