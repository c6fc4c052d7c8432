namespace Strangler.Gateway.Dashboard.Sync;

/// <summary>
/// Which workers' continuous checks speak for a projection, and when a peer of the same group makes a check no
/// evidence: the one rule the rollout's drift gate and the dashboard's drift figure both go by, so the page never
/// alarms on a figure the gate holds.
/// </summary>
internal static class DriftPeers
{
    /// <summary>How often a worker that does not say checks (the default <c>SampleInterval</c>).</summary>
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The oldest check still current: two of the worker's intervals (one check may fail) and a minute for a slow check
    /// (its recheck, a busy legacy database) and the dashboard's poll. 3 minutes at the default interval.
    /// </summary>
    public static TimeSpan MaxAge(SyncDriftStatus check) =>
        2 * (check.IntervalSeconds is { } seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : DefaultInterval) + TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether the worker held a partition of the pipeline: as the check ended when it says so, else as its last poll
    /// said (a worker that reports no figure at all counts as holding them, as before it could say).
    /// </summary>
    public static bool Holds(SyncPipelineView pipeline, SyncDriftStatus? check) => (check?.Partitions ?? pipeline.Status.Partitions) != 0;

    /// <summary>
    /// Another worker of <paramref name="pipeline"/>'s group whose current check (at <paramref name="now"/>) says it
    /// was catching up, with why; null when none was. Each worker samples keys of the whole table, so a peer's changes
    /// on their way read as drift in this worker's sample (see the drift gate).
    /// </summary>
    public static (SyncPipelineView Peer, string CatchingUp)? CatchingUp<T>(
        SyncPipelineView pipeline, IEnumerable<T> holders, Func<T, (SyncPipelineView Pipeline, SyncDriftStatus? Check)> read, DateTimeOffset now)
    {
        foreach (var (other, check) in holders.Select(read))
        {
            if (other.Status.Name == pipeline.Status.Name && other.Source != pipeline.Source
                && check is { CatchingUp: { } why } && now - check.At <= MaxAge(check))
            {
                return (other, why);
            }
        }

        return null;
    }

    /// <summary>
    /// The checks that speak for each projection: those of the workers holding its pipeline's partitions, as they do for
    /// its lag; all of them when none holds any.
    /// </summary>
    public static IEnumerable<T> Holders<T>(IEnumerable<T> checks, Func<T, (SyncPipelineView Pipeline, SyncDriftStatus? Check)> read) =>
        checks.GroupBy(c => read(c).Pipeline.Status.Name, StringComparer.Ordinal)
            .SelectMany(g => g.Any(c => Holds(read(c).Pipeline, read(c).Check)) ? g.Where(c => Holds(read(c).Pipeline, read(c).Check)) : g);
}
