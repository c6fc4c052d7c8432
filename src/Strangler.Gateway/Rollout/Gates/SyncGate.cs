using Strangler.Gateway.Dashboard.Sync;

namespace Strangler.Gateway.Rollout.Gates;

/// <summary>
/// The sub-domain's sync pipelines, as the dashboard's poller last saw them: the worst lag under the plan's limit
/// and no dead letter since the step began. No report, an unreachable worker, a worker cut off from Kafka or retrying a
/// batch it keeps failing to apply, a lag measured longer ago than <see cref="MaxLagAge"/> or one measured before the
/// worker's latest assignment (a rebalance since: the lag of partitions it held before) is inconclusive, not a pass (nor
/// a fail).
/// </summary>
internal sealed class SyncGate(SyncStatusStore sync) : IRolloutGate
{
    /// <summary>
    /// The oldest lag still evidence. A worker measures it with every applied change and, idle, every second while a
    /// broker answers; one older than this comes from a worker stuck on a batch or cut off from Kafka, and says nothing
    /// of the lag now (it used to be read as current: an idle worker's lag of its last change, hours old, held a step
    /// back, and a cut-off worker's 0 let one through).
    /// </summary>
    internal static readonly TimeSpan MaxLagAge = TimeSpan.FromSeconds(30);

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
        var measured = Measured(pipelines);
        var lag = measured.Max(p => p.Status.LagSeconds);
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

        // Dead letters fail a step whatever the lag; a lag not known to be current neither passes nor fails it.
        if (Unknown(pipelines, measured, context.To) is { } unknown)
        {
            return Task.FromResult(new GateResult("sync", GateOutcome.Inconclusive, value, limit, unknown));
        }

        return Task.FromResult(new GateResult("sync", lag <= max ? GateOutcome.Pass : GateOutcome.Fail, value, limit));
    }

    /// <summary>
    /// The reports that measure a lag: a worker holding no partition of a pipeline (one of several in its group) has
    /// none, and keeps the figure of partitions it gave away, while another worker holds them and reports theirs.
    /// </summary>
    private static List<SyncPipelineView> Measured(IReadOnlyList<SyncPipelineView> pipelines) =>
        [.. pipelines.Where(p => p.Status.Partitions != 0 || !pipelines.Any(o => o.Status.Name == p.Status.Name && o.Status.Partitions > 0))];

    /// <summary>Why the lag of <paramref name="measured"/> is not known as of <paramref name="now"/>; null when it is.</summary>
    private static string? Unknown(IReadOnlyList<SyncPipelineView> pipelines, IReadOnlyList<SyncPipelineView> measured, DateTimeOffset now)
    {
        if (pipelines.FirstOrDefault(p => p.Status.Kafka?.Reachable == false) is { } cutOff)
        {
            var kafka = cutOff.Status.Kafka!;
            return $"{cutOff.Status.Name} cannot reach Kafka since {kafka.Since:O} ({kafka.LastError})";
        }

        // A pipeline retrying a batch it failed to apply (its store or legacy database down) applies nothing, and its lag
        // is that of the last change it did apply: under 30 s old, that figure let a step through while the batch waited.
        if (pipelines.FirstOrDefault(p => p.Status.Failing is not null) is { } stuck)
        {
            var failing = stuck.Status.Failing!;
            return $"{stuck.Status.Name} is retrying a batch failing since {failing.Since:O} ({failing.Attempts} attempt(s)): {failing.LastError}";
        }

        foreach (var pipeline in measured)
        {
            if (pipeline.Status.LagAgeSeconds is not { } reported)
            {
                return $"{pipeline.Status.Name}: the worker does not say when its lag was measured (a worker older than the gateway)";
            }

            // Both ages are on the worker's clock, as of its answer: no clock needs to agree with this gateway's.
            if (pipeline.Status.AssignedAgeSeconds is { } assigned && reported > assigned)
            {
                // The lag on record is that of the partitions held before the rebalance, which may be other ones: a worker
                // given a partition with a backlog kept the 0 of its old ones until its first batch from the new one.
                return $"the lag of {pipeline.Status.Name} was measured before the worker was last assigned its partitions " +
                    $"({GateText.Number(Math.Round(assigned))} s before its last report): it is of the partitions it held before";
            }

            var age = TimeSpan.FromSeconds(reported) + (now > pipeline.ReportedAt ? now - pipeline.ReportedAt : TimeSpan.Zero);
            if (age > MaxLagAge)
            {
                return $"the lag of {pipeline.Status.Name} was measured {GateText.Number(Math.Round(age.TotalSeconds))} s ago (more than " +
                    $"{GateText.Number(MaxLagAge.TotalSeconds)} s): the worker applies nothing and is not known to be caught up";
            }
        }

        return null;
    }
}
