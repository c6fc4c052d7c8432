using Strangler.Gateway.Dashboard.Sync;

namespace Strangler.Gateway.Rollout.Gates;

/// <summary>
/// Proof that the data agree: the drift of every projection of the sub-domain (the share of sampled keys whose legacy
/// rows and new document still differ after the worker's recheck), as the sync workers' continuous check last reported
/// it and the dashboard's poller read it, under the plan's limit. Evidence must be complete and current: a check not
/// known to be taken since the step began (a sample from a worker's start, while the projection was still catching up,
/// says nothing about the step; known by the polls, see <see cref="SyncStatusStore.CheckedAfter"/>), one that missed its next check (<see cref="DriftPeers.MaxAge"/>), one taken while the
/// projection's pipeline was catching up (<see cref="SyncDriftStatus.CatchingUp"/>) or retrying a batch it failed to apply
/// (<see cref="SyncPipelineStatus.Failing"/>), one from a worker holding no partition of
/// the pipeline (<see cref="SyncDriftStatus.Partitions"/>; passed over for the checks of the workers that hold them), one
/// taken while another worker holding partitions of the pipeline was catching up (every worker samples the whole table), an
/// empty sample, a projection with no check or an unreachable worker is inconclusive, never a pass.
/// </summary>
internal sealed class DriftGate(SyncStatusStore sync) : IRolloutGate
{
    public string Name => "drift";

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

        var checks = projections
            .Select(p => sync.Drift(p.Source, p.Status.Name) is { } check
                ? (Pipeline: p, Check: check, NotCurrent: NotCurrent(p, check, context))
                : (Pipeline: p, Check: null, NotCurrent: $"no continuous check of {p.Status.Name} (Strangler:Sync:Reconcile:SampleSizePerMinute on its worker)"))
            .ToList();
        // Several workers of a group each report the projection: those holding its pipeline's partitions speak for it,
        // as they do for its lag (the sync gate). The check of one holding none (still joining, or the second worker of
        // the group) counts only when no worker holds them, and then as inconclusive, saying so.
        var holders = DriftPeers.Holders(checks, c => (c.Pipeline, c.Check)).ToList();
        var judged = holders
            .Select(c => c.NotCurrent is null && PeerCatchingUp(c.Pipeline, holders, context) is { } peer ? (c.Pipeline, c.Check, NotCurrent: peer) : c)
            .ToList();
        // A current check over the limit fails the gate whatever the other projections show: the sub-domain is only as
        // consistent as its least consistent projection.
        var current = judged.Where(c => c.NotCurrent is null).ToList();
        // Tuples are structs: MaxBy would throw on an empty sequence where FirstOrDefault gives a tuple with no check.
        if (current.Where(c => c.Check!.Drift > max).OrderByDescending(c => c.Check!.Drift).FirstOrDefault() is { Check: { } failing } over)
        {
            return new GateResult("drift", GateOutcome.Fail, Value(over.Pipeline, failing), limit,
                $"{over.Pipeline.Status.Name}: {failing.CountsInWords} differ between legacy and new");
        }

        var worst = judged.Where(c => c.Check is not null).OrderByDescending(c => c.Check!.Drift).FirstOrDefault();
        var value = worst.Check is null ? "drift n/a" : Value(worst.Pipeline, worst.Check);
        return judged.FirstOrDefault(c => c.NotCurrent is not null) is { NotCurrent: { } why }
            ? Inconclusive(value, limit, why)
            : new GateResult("drift", GateOutcome.Pass, value, limit);
    }

    /// <summary>Why <paramref name="check"/> is not evidence for this evaluation; null when it is.</summary>
    private string? NotCurrent(SyncPipelineView pipeline, SyncDriftStatus check, GateContext context)
    {
        var name = pipeline.Status.Name;
        if (sync.Sources().FirstOrDefault(s => s.Url == pipeline.Source && !s.Reachable) is { } unreachable)
        {
            return $"sync worker unreachable: {unreachable.Url} ({unreachable.Error})";
        }

        // On this gateway's clock, as the step's start is: the check counts once a poll sent after the step began had
        // not seen it yet. Its own time is the worker's clock, and a worker a few seconds ahead would stamp a check
        // taken just before the step as one taken after it (one behind would only hold a good check back).
        if (sync.CheckedAfter(pipeline.Source, check.Projection) is not { } after || after < context.State.StepStartedAt)
        {
            return $"no check of {name} since the step began";
        }

        var age = context.To - check.At;
        if (age > DriftPeers.MaxAge(check))
        {
            return $"the last check of {name} is {GateText.Number(age.TotalMinutes)} min old (more than {GateText.Number(DriftPeers.MaxAge(check).TotalMinutes)} min)";
        }

        if (!DriftPeers.Holds(pipeline, check))
        {
            // Nothing on that worker measures the pipeline's lag, so a change on its way reads as drift: a worker still
            // joining its group rolled back a healthy service on a store that had not caught up yet.
            return $"the last check of {name} was taken by a worker holding no partition of {name} ({pipeline.Source}): " +
                "it cannot tell changes on their way from drift";
        }

        if (check.CatchingUp is { } catchingUp)
        {
            // Keys still on their way through CDC differ after the worker's recheck too: that is lag, the sync gate's
            // business, and judged as drift it rolled back a healthy service whose worker was still catching up.
            return $"the last check of {name} ran while {name} was catching up ({catchingUp})";
        }

        // The worker judges "catching up" by its lag, which a pipeline stuck retrying a batch does not measure again: the
        // batch's changes, held back by a store or legacy database that is down, read as drift, as changes on their way
        // do. Both times are the worker's clock; a check taken before the batch first failed is evidence still.
        if (pipeline.Status.Failing is { Since: { } since } failing && check.At >= since)
        {
            return $"the last check of {name} ran while {name} was retrying a batch failing since {since:O} ({failing.Attempts} attempt(s)): " +
                "its changes held back read as drift";
        }

        return check.Sampled == 0 ? $"the last check of {name} sampled no keys" : null;
    }

    /// <summary>
    /// Why a check of <paramref name="pipeline"/> is no evidence because another worker of its group was catching up;
    /// null when none was. Each worker samples keys of the whole table, those of its peers' partitions too: the store is
    /// one, so every worker's figure is the whole projection's, and the gate takes the worst, never a sum. But a worker
    /// judges "catching up" by its own lag only, so a peer's changes on their way read as drift in its sample: with the
    /// partitions split between two workers and one of them behind, the other's check rolled back a healthy step. The
    /// peer's own check says it was behind (sampling only this worker's partitions' keys cannot be done from the legacy
    /// row: a child table's topic is keyed by the child's own key, not the root's).
    /// </summary>
    private static string? PeerCatchingUp(
        SyncPipelineView pipeline,
        IEnumerable<(SyncPipelineView Pipeline, SyncDriftStatus? Check, string? NotCurrent)> holders,
        GateContext context)
    {
        var name = pipeline.Status.Name;
        return DriftPeers.CatchingUp(pipeline, holders, o => (o.Pipeline, o.Check), context.To) is { } peer
            ? $"the last check of {name} by {pipeline.Source} samples keys of every partition, and another worker of its group, " +
              $"{peer.Peer.Source}, was catching up ({peer.CatchingUp}): its changes on their way read as drift"
            : null;
    }

    private static string Value(SyncPipelineView pipeline, SyncDriftStatus check) =>
        $"drift {GateText.Percent(check.Drift)} ({pipeline.Status.Name}: {check.Counts})";

    private static GateResult Inconclusive(string value, string limit, string detail) =>
        new("drift", GateOutcome.Inconclusive, value, limit, detail);
}
