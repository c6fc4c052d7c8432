using Strangler.Gateway.Dashboard.Sync;

namespace Strangler.Gateway.Rollout.Gates;

/// <summary>
/// Proof that the data agree: the drift of every projection of the sub-domain (the share of sampled keys whose legacy
/// rows and new document still differ after the worker's recheck), as the sync workers' continuous check last reported
/// it and the dashboard's poller read it, under the plan's limit. Evidence must be complete and current: a check taken
/// before the step began (a sample from a worker's start, while the projection was still catching up, says nothing
/// about the step), one that missed its next check (<see cref="MaxAge"/>), an empty sample, a projection with no check
/// or an unreachable worker is inconclusive, never a pass.
/// </summary>
internal sealed class DriftGate(SyncStatusStore sync) : IRolloutGate
{
    /// <summary>How often a worker that does not say checks (the default <c>SampleInterval</c>).</summary>
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The oldest check still current: two of the worker's intervals (one check may fail) and a minute for a slow check
    /// (its recheck, a busy legacy database) and the dashboard's poll. 3 minutes at the default interval.
    /// </summary>
    public static TimeSpan MaxAge(SyncDriftStatus check) =>
        2 * (check.IntervalSeconds is { } seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : DefaultInterval) + TimeSpan.FromMinutes(1);

    public bool AppliesTo(Plan.RolloutGates gates) => gates.MaxDrift is not null;

    public Task<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken) =>
        Task.FromResult(Evaluate(context));

    private GateResult Evaluate(GateContext context)
    {
        var max = context.Plan.Gates.MaxDrift!.Value;
        var limit = $"drift <= {GateText.Percent(max)}";
        var projections = sync.Pipelines()
            .Where(p => p.Status.Subdomain == context.Subdomain && p.Status.Kind == "projection")
            .ToList();
        if (projections.Count == 0)
        {
            return Inconclusive("drift n/a", limit,
                "no sync worker reports a projection of this sub-domain (Strangler:Dashboard:SyncStatusUrls)");
        }

        var checks = projections.Select(p => (Pipeline: p, Check: sync.Drift(p.Source, p.Status.Name))).ToList();
        if (checks.FirstOrDefault(c => c.Check is null) is { Pipeline: { } missing })
        {
            return Inconclusive("drift n/a", limit,
                $"no continuous check of {missing.Status.Name} (Strangler:Sync:Reconcile:SampleSizePerMinute on its worker)");
        }

        var worst = checks.MaxBy(c => c.Check!.Drift);
        var value = $"drift {GateText.Percent(worst.Check!.Drift)} ({worst.Check.Differing}/{worst.Check.Sampled} {worst.Pipeline.Status.Name})";
        var unreachable = sync.Sources().FirstOrDefault(s => !s.Reachable && projections.Any(p => p.Source == s.Url));
        if (unreachable is not null)
        {
            return Inconclusive(value, limit, $"sync worker unreachable: {unreachable.Url} ({unreachable.Error})");
        }

        if (checks.FirstOrDefault(c => c.Check!.At < context.State.StepStartedAt) is { Pipeline: { } early })
        {
            return Inconclusive(value, limit, $"no check of {early.Status.Name} since the step began");
        }

        if (checks.FirstOrDefault(c => context.To - c.Check!.At > MaxAge(c.Check)) is { Check: { } old } stale)
        {
            return Inconclusive(value, limit,
                $"the last check of {stale.Pipeline.Status.Name} is {GateText.Number((context.To - old.At).TotalMinutes)} min old (more than {GateText.Number(MaxAge(old).TotalMinutes)} min)");
        }

        if (checks.FirstOrDefault(c => c.Check!.Sampled == 0) is { Pipeline: { } empty })
        {
            return Inconclusive(value, limit, $"the last check of {empty.Status.Name} sampled no keys");
        }

        // The sub-domain is only as consistent as its least consistent projection.
        return worst.Check.Drift <= max
            ? new GateResult("drift", GateOutcome.Pass, value, limit)
            : new GateResult("drift", GateOutcome.Fail, value, limit,
                $"{worst.Check.Differing} of {worst.Check.Sampled} sampled keys of {worst.Pipeline.Status.Name} differ between legacy and new");
    }

    private static GateResult Inconclusive(string value, string limit, string detail) =>
        new("drift", GateOutcome.Inconclusive, value, limit, detail);
}
