using System.Text.Json.Nodes;
using Strangler.Gateway.Dashboard.Sync;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Rollout.Gates;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Rollout;

/// <summary>
/// Bug: the sync gate read a worker's lag as current however old it was. An idle worker kept the lag of its last change
/// (40 s from hours before held or rolled back a step), and a worker cut off from Kafka kept its 0 (and let one
/// through). A lag measured more than <see cref="SyncGate.MaxLagAge"/> before, or from a pipeline whose Kafka is
/// unreachable, is unknown: inconclusive, the step holds.
/// </summary>
public sealed class RolloutSyncGateTests
{
    private const string Worker = "http://sync-worker/_strangler/sync/status";

    private static JsonObject Gates() => new() { ["maxSyncLagSeconds"] = 5 };

    private static SyncPipelineStatus Projection(double lag, double? measuredSecondsAgo, SyncKafkaStatus? kafka = null, int? partitions = 1,
        double? assignedSecondsAgo = null) =>
        new()
        {
            Name = "customers-projection", Kind = "projection", Subdomain = "customers", LagSeconds = lag, LagAgeSeconds = measuredSecondsAgo,
            Kafka = kafka, Partitions = partitions, AssignedAgeSeconds = assignedSecondsAgo,
        };

    private static async Task<GateResult> SyncGateAfterAStepAsync(params SyncPipelineStatus[] reports)
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([25, 100], bake: 30, interval: 30, gates: Gates()));
        var sync = rig.Gateway.Service<SyncStatusStore>();
        await rig.CommandAsync(RolloutCommand.Start);
        await rig.TrafficAsync(50);
        // The poller's last answer, 5 s before the evaluation (it polls every 5 s): the lag is that much older then.
        rig.Clock.Advance(TimeSpan.FromSeconds(25));
        for (var i = 0; i < reports.Length; i++)
        {
            sync.RecordSuccess(Worker + i, [reports[i]]);
        }

        await rig.TickAsync(5);
        return rig.State.Evaluations[^1].Gates.Single(g => g.Gate == "sync");
    }

    [Fact]
    public async Task A_lag_measured_twenty_minutes_ago_is_unknown_not_a_fail()
    {
        var gate = await SyncGateAfterAStepAsync(Projection(40, 1200));

        Assert.Equal(GateOutcome.Inconclusive, gate.Outcome);
        Assert.StartsWith("the lag of customers-projection was measured 1205 s ago (more than 30 s)", gate.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zero_lag_from_a_worker_that_measures_no_more_is_unknown_not_a_pass()
    {
        var gate = await SyncGateAfterAStepAsync(Projection(0, 600));

        Assert.Equal(GateOutcome.Inconclusive, gate.Outcome);
    }

    [Fact]
    public async Task A_pipeline_cut_off_from_Kafka_is_unknown_naming_since_when()
    {
        var since = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var gate = await SyncGateAfterAStepAsync(Projection(0, 1, new SyncKafkaStatus { Reachable = false, Since = since, LastError = "Local_AllBrokersDown" }));

        Assert.Equal(GateOutcome.Inconclusive, gate.Outcome);
        Assert.Equal("customers-projection cannot reach Kafka since 2026-12-01T09:00:00.0000000+00:00 (Local_AllBrokersDown)", gate.Detail);
    }

    [Fact]
    // A pipeline retrying a batch its legacy database refuses applies nothing; its lag, of the last change it applied a
    // few seconds before, is under 30 s old, and passed the step while the batch waited.
    public async Task A_pipeline_retrying_a_failing_batch_is_unknown_naming_since_when_and_why()
    {
        var since = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var failing = new SyncBatchFailing
        {
            Since = since, Attempts = 4, LastError = "the legacy write failed: Failed to connect to 127.0.0.1:19432",
            LastErrorAt = since.AddSeconds(3), NextAttemptAt = since.AddSeconds(5),
        };

        var gate = await SyncGateAfterAStepAsync(Projection(0.4, 1) with { Failing = failing });

        Assert.Equal((GateOutcome.Inconclusive, "lag 0.4 s"), (gate.Outcome, gate.Value));
        Assert.Equal("customers-projection is retrying a batch failing since 2026-12-01T09:00:00.0000000+00:00 (4 attempt(s)): " +
            "the legacy write failed: Failed to connect to 127.0.0.1:19432", gate.Detail);
    }

    [Fact]
    public async Task A_fresh_lag_under_the_limit_passes_and_one_over_it_fails()
    {
        Assert.Equal(GateOutcome.Pass, (await SyncGateAfterAStepAsync(Projection(0.4, 1))).Outcome);
        Assert.Equal(GateOutcome.Fail, (await SyncGateAfterAStepAsync(Projection(12, 1))).Outcome);
    }

    [Fact]
    public async Task A_worker_holding_no_partition_of_the_pipeline_has_no_say_while_another_holds_them()
    {
        // Its figure is from partitions it gave away in a rebalance, and it measures none any more.
        var gate = await SyncGateAfterAStepAsync(Projection(0.4, 1), Projection(40, 900, partitions: 0));

        Assert.Equal((GateOutcome.Pass, "lag 0.4 s"), (gate.Outcome, gate.Value));
    }

    [Fact]
    // Bug: a worker that held caught-up partitions and was given others by a rebalance 3 s ago still reported the 0 it
    // measured 5 s ago, of the partitions it held before; under 30 s old, the gate passed it while the new partitions'
    // backlog waited.
    public async Task A_lag_measured_before_the_workers_latest_assignment_is_unknown_naming_the_rebalance()
    {
        var gate = await SyncGateAfterAStepAsync(Projection(0, 5, assignedSecondsAgo: 3));

        Assert.Equal((GateOutcome.Inconclusive, "lag 0.0 s"), (gate.Outcome, gate.Value));
        Assert.Equal("the lag of customers-projection was measured before the worker was last assigned its partitions (3 s before its last " +
            "report): it is of the partitions it held before", gate.Detail);

        // Measured since (its first batch from them, or found caught up): evidence again.
        Assert.Equal(GateOutcome.Pass, (await SyncGateAfterAStepAsync(Projection(0.4, 1, assignedSecondsAgo: 3))).Outcome);
    }
}
