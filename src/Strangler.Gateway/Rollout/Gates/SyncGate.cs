using Strangler.Gateway.Dashboard.Sync;

namespace Strangler.Gateway.Rollout.Gates;

/// <summary>
/// The sub-domain's sync pipelines, as the dashboard's poller last saw them: the worst lag under the plan's limit
/// and no dead letter since the step began. No report (or an unreachable worker) is inconclusive, not a pass.
/// </summary>
internal sealed class SyncGate(SyncStatusStore sync) : IRolloutGate
{
    public string Name => "sync";

    public bool AppliesTo(Plan.RolloutGates gates) => gates.MaxSyncLagSeconds is not null;

    /// <summary>Dead letters of the sub-domain's pipelines now; null when no worker reported one.</summary>
    public long? DeadLetters(string subdomain)
    {
        var pipelines = sync.Pipelines().Where(p => p.Status.Subdomain == subdomain).ToList();
        return pipelines.Count == 0 ? null : pipelines.Sum(p => p.Status.DeadLettered);
    }

    public Task<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
    {
        var max = context.Plan.Gates.MaxSyncLagSeconds!.Value;
        var limit = $"lag <= {GateText.Seconds(max)}, no new dead letters";
        var pipelines = sync.Pipelines().Where(p => p.Status.Subdomain == context.Subdomain).ToList();
        if (pipelines.Count == 0)
        {
            return Task.FromResult(new GateResult("sync", GateOutcome.Inconclusive, "lag n/a", limit,
                "no sync worker reports a pipeline of this sub-domain (Strangler:Dashboard:SyncStatusUrls)"));
        }

        var unreachable = sync.Sources().Where(s => !s.Reachable && pipelines.Any(p => p.Source == s.Url)).ToList();
        var lag = pipelines.Max(p => p.Status.LagSeconds);
        var deadLetters = pipelines.Sum(p => p.Status.DeadLettered);
        var fresh = deadLetters - (context.State.DeadLettersAtStepStart ?? deadLetters);
        var value = $"lag {GateText.Seconds(lag)}" + (fresh > 0 ? $", {fresh} new dead letters" : "");
        if (unreachable.Count > 0)
        {
            return Task.FromResult(new GateResult("sync", GateOutcome.Inconclusive, value, limit,
                $"sync worker unreachable: {unreachable[0].Url} ({unreachable[0].Error})"));
        }

        if (fresh > 0)
        {
            return Task.FromResult(new GateResult("sync", GateOutcome.Fail, value, limit, $"{fresh} dead letters since the step began"));
        }

        return Task.FromResult(new GateResult("sync", lag <= max ? GateOutcome.Pass : GateOutcome.Fail, value, limit));
    }
}
