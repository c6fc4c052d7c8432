namespace Strangler.Gateway.Rollout.Plan;

/// <summary>
/// The evidence a rollout step must show. The traffic gates compare the new side with legacy over the same window;
/// each property left null turns its gate off.
/// </summary>
public sealed record RolloutGates
{
    /// <summary>New's error rate may exceed legacy's by at most this fraction (0.01 = one percentage point).</summary>
    public double? ErrorRateMargin { get; init; }

    /// <summary>New's p99 latency may be at most this factor of legacy's (1.5 = half as slow again).</summary>
    public double? P99Factor { get; init; }

    /// <summary>Highest shadow diff rate (0..1) of the sub-domain; needs shadow traffic, else inconclusive.</summary>
    public double? MaxDiffRate { get; init; }

    /// <summary>Highest sync lag (seconds) of the sub-domain's pipelines; the gate also fails on any new dead letter.</summary>
    public double? MaxSyncLagSeconds { get; init; }

    /// <summary>
    /// Highest drift (0..1) of the sub-domain's projections: the share of keys whose legacy rows and new document
    /// differ in the sync worker's latest continuous check (<c>Strangler:Sync:Reconcile:SampleSizePerMinute</c>).
    /// No recent check is inconclusive.
    /// </summary>
    public double? MaxDrift { get; init; }

    /// <summary>
    /// A URL the team provides: a GET answering 2xx passes, any other status fails, no answer is inconclusive.
    /// The gateway adds <c>subdomain</c> and <c>percentage</c> to its query.
    /// </summary>
    public string? HttpCheck { get; init; }

    /// <summary>True when no gate is set (a plan must have at least one).</summary>
    internal bool IsEmpty => ErrorRateMargin is null && P99Factor is null && MaxDiffRate is null
        && MaxSyncLagSeconds is null && MaxDrift is null && HttpCheck is null;
}
