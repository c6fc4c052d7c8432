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

    /// <summary>
    /// The share of differing keys the worker reports: the worse of its two halves' shares (legacy keys, and ids of the new
    /// store's documents), each seeing problems of its own side; differing over sampled from a worker that does not split.
    /// </summary>
    public double Drift { get; init; }

    /// <summary>Of <see cref="Sampled"/>, the ids of the new store's documents; null from a worker that does not say.</summary>
    public int? SampledFromNew { get; init; }

    /// <summary>Of <see cref="Differing"/>, those of the new store's documents; null from a worker that does not say.</summary>
    public int? DifferingFromNew { get; init; }

    /// <summary>
    /// The counts behind <see cref="Drift"/>: both halves (<c>0/180 legacy, 20/200 new</c>) when the worker says which
    /// half each key came from, since the figure is the worse share of the two and differing over sampled would not
    /// give it; <c>8/200</c> from a worker that does not.
    /// </summary>
    public string Counts => SampledFromNew is { } fromNew && DifferingFromNew is { } differingFromNew
        ? $"{Differing - differingFromNew}/{Sampled - fromNew} legacy, {differingFromNew}/{fromNew} new"
        : $"{Differing}/{Sampled}";

    /// <summary>The same counts in words, for a gate's detail.</summary>
    public string CountsInWords => SampledFromNew is { } fromNew && DifferingFromNew is { } differingFromNew
        ? $"{Differing - differingFromNew} of {Sampled - fromNew} sampled legacy keys and {differingFromNew} of {fromNew} sampled documents of the new store"
        : $"{Differing} of {Sampled} sampled keys";

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
