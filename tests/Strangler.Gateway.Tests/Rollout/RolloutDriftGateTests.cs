using System.Text.Json.Nodes;
using Strangler.Gateway.Dashboard.Sync;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Rollout.Gates;
using Strangler.Gateway.Rollout.State;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Rollout;

/// <summary>
/// The drift gate reads the sync workers' continuous check as the dashboard's poller stores it: the tests record what
/// a worker's status would say (the poller's parsing of the real worker's JSON has tests of its own).
/// </summary>
public sealed class RolloutDriftGateTests
{
    private const string Worker = "http://sync-worker/_strangler/sync/status";

    private static JsonObject Gates() => new() { ["maxDrift"] = 0.01 };

    private static SyncPipelineStatus Projection(string name = "customers-projection", string subdomain = "customers") =>
        new() { Name = name, Kind = "projection", Subdomain = subdomain };

    private static SyncDriftStatus Check(DateTimeOffset at, int sampled, int differing, string projection = "customers-projection") =>
        new() { Projection = projection, At = at, Sampled = sampled, Differing = differing, Drift = sampled == 0 ? 0 : (double)differing / sampled };

    [Fact]
    public async Task DriftOverTheLimit_RollsTheStepBack_NamingTheProjectionAndItsCounts()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([25, 100], bake: 30, interval: 30, gates: Gates()));
        var sync = rig.Gateway.Service<SyncStatusStore>();
        sync.RecordSuccess(Worker, [Projection()], [Check(rig.Clock.GetUtcNow(), 200, 0)]);
        await rig.CommandAsync(RolloutCommand.Start);
        Assert.Equal("canary:25", rig.Mode);

        // Three projections of the sub-domain: the worst one decides, and a failing one fails the gate even while
        // another (customer-notes) has no check yet.
        sync.RecordSuccess(Worker, [Projection(), Projection("customer-addresses"), Projection("customer-notes")],
            [Check(rig.Clock.GetUtcNow(), 200, 1), Check(rig.Clock.GetUtcNow(), 200, 8, "customer-addresses")]);
        await rig.TrafficAsync(50);
        await rig.TickAsync(30);

        Assert.Equal("legacy", rig.Mode);
        Assert.Equal(RolloutStatus.RolledBack, rig.State.Status);
        var gate = rig.State.Evaluations[^1].Gates.Single(g => g.Gate == "drift");
        Assert.Equal((GateOutcome.Fail, "drift 4.0% (customer-addresses: 8/200)", "drift <= 1.0%"), (gate.Outcome, gate.Value, gate.Limit));
        Assert.Equal("customer-addresses: 8 of 200 sampled keys differ between legacy and new", gate.Detail);
        Assert.StartsWith("rollout: 25% -> legacy, gate failed: drift 4.0% (customer-addresses: 8/200)", rig.History[^1].Reason);
    }

    [Fact]
    public async Task DriftSeenFromTheNewStoreOnly_RollsBack_ShowingBothHalves()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([25, 100], bake: 30, interval: 30, gates: Gates()));
        var sync = rig.Gateway.Service<SyncStatusStore>();
        sync.RecordSuccess(Worker, [Projection()], [Check(rig.Clock.GetUtcNow(), 200, 0)]);
        await rig.CommandAsync(RolloutCommand.Start);

        // Documents whose legacy rows are gone, seen only from the store's half: the worker's figure is that half's
        // 10 %, which the whole sample's 10 of 200 would not give, so the value shows both halves.
        sync.RecordSuccess(Worker, [Projection()],
            [Check(rig.Clock.GetUtcNow(), 200, 10) with { Drift = 0.1, SampledFromNew = 100, DifferingFromNew = 10 }]);
        await rig.TrafficAsync(50);
        await rig.TickAsync(30);

        Assert.Equal("legacy", rig.Mode);
        var gate = rig.State.Evaluations[^1].Gates.Single(g => g.Gate == "drift");
        Assert.Equal((GateOutcome.Fail, "drift 10.0% (customers-projection: 0/100 legacy, 10/100 new)"), (gate.Outcome, gate.Value));
        Assert.Equal(
            "customers-projection: 0 of 100 sampled legacy keys and 10 of 100 sampled documents of the new store differ between legacy and new",
            gate.Detail);
    }

    [Fact]
    public async Task RecentChecksUnderTheLimit_Promote()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([25, 100], bake: 30, interval: 30, gates: Gates()));
        var sync = rig.Gateway.Service<SyncStatusStore>();
        await rig.CommandAsync(RolloutCommand.Start);
        // The poller's first poll in the step, before the check: the check below was taken after it.
        sync.RecordSuccess(Worker, [Projection()], []);
        await rig.TrafficAsync(50);
        rig.Clock.Advance(TimeSpan.FromSeconds(20));
        // A projection of another sub-domain, and a backfill (data out) of this one, have no say.
        sync.RecordSuccess(Worker, [Projection(), Projection("orders-projection", "orders"), Projection("customers-backfill") with { Kind = "backfill" }],
            [Check(rig.Clock.GetUtcNow(), 200, 2), Check(rig.Clock.GetUtcNow(), 200, 100, "orders-projection")]);
        await rig.TickAsync(10);

        Assert.Equal("new", rig.Mode);
        var gate = rig.State.Evaluations[^1].Gates.Single(g => g.Gate == "drift");
        Assert.Equal((GateOutcome.Pass, "drift 1.0% (customers-projection: 2/200)"), (gate.Outcome, gate.Value));
    }

    [Fact]
    public async Task A_check_taken_while_the_pipeline_caught_up_holds_the_step_instead_of_rolling_it_back()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([25, 100], bake: 30, interval: 30, gates: Gates()));
        var sync = rig.Gateway.Service<SyncStatusStore>();
        await rig.CommandAsync(RolloutCommand.Start);
        sync.RecordSuccess(Worker, [Projection()], []);
        rig.Clock.Advance(TimeSpan.FromSeconds(5));
        // The worker was still projecting its first rows: every sampled key differed, on its way through CDC.
        sync.RecordSuccess(Worker, [Projection()],
            [Check(rig.Clock.GetUtcNow(), 5, 5) with { CatchingUp = "its pipeline lagged 24 s, longer than the recheck's 2 s" }]);
        await rig.TrafficAsync(50);
        await rig.TickAsync(30);

        Assert.Equal("canary:25", rig.Mode);
        Assert.Equal(RolloutStatus.Running, rig.State.Status);
        var held = rig.State.Evaluations[^1].Gates.Single(g => g.Gate == "drift");
        Assert.Equal((GateOutcome.Inconclusive, "drift 100.0% (customers-projection: 5/5)"), (held.Outcome, held.Value));
        Assert.Equal("the last check of customers-projection ran while customers-projection was catching up (its pipeline lagged 24 s, longer than the recheck's 2 s)",
            held.Detail);

        // Its next check, caught up, is evidence again.
        sync.RecordSuccess(Worker, [Projection()], [Check(rig.Clock.GetUtcNow(), 200, 0)]);
        await rig.TrafficAsync(50);
        await rig.TickAsync(30);
        Assert.Equal("new", rig.Mode);
    }

    [Fact]
    // A projection whose store refuses its batch applies nothing and measures no lag: its worker, going by the lag of the
    // last change it applied, called the check current, and the keys of the batch held back read as drift.
    public async Task A_check_taken_while_the_pipeline_retried_a_failing_batch_holds_the_step_and_one_from_before_still_counts()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([25, 100], bake: 30, interval: 30, gates: Gates()));
        var sync = rig.Gateway.Service<SyncStatusStore>();
        await rig.CommandAsync(RolloutCommand.Start);
        sync.RecordSuccess(Worker, [Projection()], []);
        rig.Clock.Advance(TimeSpan.FromSeconds(5));
        var since = rig.Clock.GetUtcNow().AddSeconds(-2);
        var failing = new SyncBatchFailing { Since = since, Attempts = 3, LastError = "the store write failed: MongoDB timed out", NextAttemptAt = since.AddSeconds(3) };
        sync.RecordSuccess(Worker, [Projection() with { Failing = failing }], [Check(rig.Clock.GetUtcNow(), 200, 40)]);
        await rig.TrafficAsync(50);
        await rig.TickAsync(30);

        Assert.Equal(("canary:25", RolloutStatus.Running), (rig.Mode, rig.State.Status));
        var held = rig.State.Evaluations[^1].Gates.Single(g => g.Gate == "drift");
        Assert.Equal(GateOutcome.Inconclusive, held.Outcome);
        Assert.Equal($"the last check of customers-projection ran while customers-projection was retrying a batch failing since {since:O} (3 attempt(s)): " +
            "its changes held back read as drift", held.Detail);

        // A check from before the batch first failed is evidence: its drift over the limit rolls the step back.
        sync.RecordSuccess(Worker, [Projection() with { Failing = failing with { Since = rig.Clock.GetUtcNow().AddSeconds(1), Attempts = 1 } }],
            [Check(rig.Clock.GetUtcNow(), 200, 40)]);
        await rig.TrafficAsync(50);
        await rig.TickAsync(30);
        Assert.Equal("legacy", rig.Mode);
    }

    [Fact]
    // Bug: the second worker of a group, holding none of the pipeline's partitions, checked a store the first worker
    // was still filling; with no lag of its own to go by it reported every sampled key as differing, and its check
    // rolled back a step that the worker holding the partitions found in agreement.
    public async Task A_check_from_a_worker_holding_no_partition_is_passed_over_for_the_one_from_the_worker_holding_them()
    {
        const string other = "http://sync-worker-2/_strangler/sync/status";
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([25, 100], bake: 30, interval: 30, gates: Gates()));
        var sync = rig.Gateway.Service<SyncStatusStore>();
        await rig.CommandAsync(RolloutCommand.Start);
        sync.RecordSuccess(Worker, [Projection() with { Partitions = 3 }], []);
        sync.RecordSuccess(other, [Projection() with { Partitions = 0 }], []);
        rig.Clock.Advance(TimeSpan.FromSeconds(5));
        // Both workers report as a worker predating the check's own partitions field does: the poll's figure goes.
        sync.RecordSuccess(Worker, [Projection() with { Partitions = 3 }], [Check(rig.Clock.GetUtcNow(), 200, 0)]);
        sync.RecordSuccess(other, [Projection() with { Partitions = 0 }], [Check(rig.Clock.GetUtcNow(), 5, 5)]);
        await rig.TrafficAsync(50);
        await rig.TickAsync(30);

        Assert.Equal("new", rig.Mode);
        var gate = rig.State.Evaluations[^1].Gates.Single(g => g.Gate == "drift");
        Assert.Equal((GateOutcome.Pass, "drift 0.0% (customers-projection: 0/200)"), (gate.Outcome, gate.Value));
    }

    [Fact]
    // Bug: a single worker still joining its consumer group took a check before it held a partition: every key of a
    // store not caught up differed, nobody had measured a lag on it, and the step was rolled back.
    public async Task A_check_from_a_worker_still_joining_its_group_holds_the_step_saying_why()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([25, 100], bake: 30, interval: 30, gates: Gates()));
        var sync = rig.Gateway.Service<SyncStatusStore>();
        await rig.CommandAsync(RolloutCommand.Start);
        sync.RecordSuccess(Worker, [Projection() with { Partitions = 0 }], []);
        rig.Clock.Advance(TimeSpan.FromSeconds(5));
        sync.RecordSuccess(Worker, [Projection() with { Partitions = 0 }], [Check(rig.Clock.GetUtcNow(), 5, 5)]);
        await rig.TrafficAsync(50);
        await rig.TickAsync(30);

        Assert.Equal("canary:25", rig.Mode);
        Assert.Equal(RolloutStatus.Running, rig.State.Status);
        var held = rig.State.Evaluations[^1].Gates.Single(g => g.Gate == "drift");
        Assert.Equal((GateOutcome.Inconclusive, "drift 100.0% (customers-projection: 5/5)"), (held.Outcome, held.Value));
        Assert.Equal($"the last check of customers-projection was taken by a worker holding no partition of customers-projection ({Worker}): " +
            "it cannot tell changes on their way from drift", held.Detail);

        // Once it holds them (and says it did as the check ended), its next check is evidence.
        sync.RecordSuccess(Worker, [Projection() with { Partitions = 1 }], [Check(rig.Clock.GetUtcNow(), 200, 0) with { Partitions = 1 }]);
        await rig.TrafficAsync(50);
        await rig.TickAsync(30);
        Assert.Equal("new", rig.Mode);
    }

    [Fact]
    public async Task The_partitions_a_worker_held_as_its_check_ended_decide_over_its_last_poll_and_a_holders_check_over_the_limit_fails()
    {
        const string other = "http://sync-worker-2/_strangler/sync/status";
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([25, 50, 100], bake: 30, interval: 30, gates: Gates()));
        var sync = rig.Gateway.Service<SyncStatusStore>();
        await rig.CommandAsync(RolloutCommand.Start);
        sync.RecordSuccess(Worker, [Projection() with { Partitions = 3 }], []);
        sync.RecordSuccess(other, [Projection() with { Partitions = 0 }], []);
        rig.Clock.Advance(TimeSpan.FromSeconds(5));
        // A rebalance moved the partitions since: the first worker's check was taken holding them (evidence still), the
        // second worker's before it received them (none).
        var taken = Check(rig.Clock.GetUtcNow(), 200, 0) with { Partitions = 3 };
        var joining = Check(rig.Clock.GetUtcNow(), 5, 5) with { Partitions = 0 };
        sync.RecordSuccess(Worker, [Projection() with { Partitions = 0 }], [taken]);
        sync.RecordSuccess(other, [Projection() with { Partitions = 3 }], [joining]);
        await rig.TrafficAsync(50);
        await rig.TickAsync(30);

        Assert.Equal("canary:50", rig.Mode);
        var passed = rig.State.Evaluations[^1].Gates.Single(g => g.Gate == "drift");
        Assert.Equal((GateOutcome.Pass, "drift 0.0% (customers-projection: 0/200)"), (passed.Outcome, passed.Value));

        // In the next step the worker holding the partitions finds drift; the one holding none finds none: drift fails.
        sync.RecordSuccess(Worker, [Projection() with { Partitions = 0 }], [taken]);
        sync.RecordSuccess(other, [Projection() with { Partitions = 3 }], [joining]);
        rig.Clock.Advance(TimeSpan.FromSeconds(5));
        sync.RecordSuccess(Worker, [Projection() with { Partitions = 0 }], [Check(rig.Clock.GetUtcNow(), 200, 0) with { Partitions = 0 }]);
        sync.RecordSuccess(other, [Projection() with { Partitions = 3 }], [Check(rig.Clock.GetUtcNow(), 200, 8) with { Partitions = 3 }]);
        await rig.TrafficAsync(50);
        await rig.TickAsync(30);

        Assert.Equal("legacy", rig.Mode);
        var failed = rig.State.Evaluations[^1].Gates.Single(g => g.Gate == "drift");
        Assert.Equal((GateOutcome.Fail, "drift 4.0% (customers-projection: 8/200)"), (failed.Outcome, failed.Value));
    }

    [Fact]
    // Bug: with a projection's partitions split between two workers, each samples keys of the whole table but judges
    // "catching up" by its own lag. The second worker was behind (its own check said so); the first, caught up, found
    // the second's changes on their way differing, and its check rolled back a healthy step.
    public async Task A_check_taken_while_another_worker_of_the_group_caught_up_holds_the_step_and_real_drift_still_fails()
    {
        const string other = "http://sync-worker-2/_strangler/sync/status";
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([25, 50, 100], bake: 30, interval: 30, gates: Gates()));
        var sync = rig.Gateway.Service<SyncStatusStore>();
        await rig.CommandAsync(RolloutCommand.Start);
        sync.RecordSuccess(Worker, [Projection() with { Partitions = 2 }], []);
        sync.RecordSuccess(other, [Projection() with { Partitions = 2 }], []);
        rig.Clock.Advance(TimeSpan.FromSeconds(5));
        const string behind = "its pipeline lagged 40 s, longer than the recheck's 2 s";
        sync.RecordSuccess(Worker, [Projection() with { Partitions = 2 }], [Check(rig.Clock.GetUtcNow(), 200, 30) with { Partitions = 2 }]);
        sync.RecordSuccess(other, [Projection() with { Partitions = 2 }], [Check(rig.Clock.GetUtcNow(), 200, 31) with { Partitions = 2, CatchingUp = behind }]);
        await rig.TrafficAsync(50);
        await rig.TickAsync(30);

        Assert.Equal("canary:25", rig.Mode);
        Assert.Equal(RolloutStatus.Running, rig.State.Status);
        var held = rig.State.Evaluations[^1].Gates.Single(g => g.Gate == "drift");
        Assert.Equal(GateOutcome.Inconclusive, held.Outcome);
        Assert.Contains(held.Detail, new[]
        {
            $"the last check of customers-projection by {Worker} samples keys of every partition, and another worker of its group, {other}, " +
            $"was catching up ({behind}): its changes on their way read as drift",
            $"the last check of customers-projection ran while customers-projection was catching up ({behind})",
        });

        // Both caught up and in agreement: the step goes on.
        sync.RecordSuccess(Worker, [Projection() with { Partitions = 2 }], [Check(rig.Clock.GetUtcNow(), 200, 0) with { Partitions = 2 }]);
        sync.RecordSuccess(other, [Projection() with { Partitions = 2 }], [Check(rig.Clock.GetUtcNow(), 200, 0) with { Partitions = 2 }]);
        await rig.TrafficAsync(50);
        await rig.TickAsync(30);
        Assert.Equal("canary:50", rig.Mode);

        // Both caught up and the first still finds drift: that is drift, and the step rolls back.
        sync.RecordSuccess(Worker, [Projection() with { Partitions = 2 }], []);
        sync.RecordSuccess(other, [Projection() with { Partitions = 2 }], []);
        rig.Clock.Advance(TimeSpan.FromSeconds(5));
        sync.RecordSuccess(Worker, [Projection() with { Partitions = 2 }], [Check(rig.Clock.GetUtcNow(), 200, 8) with { Partitions = 2 }]);
        sync.RecordSuccess(other, [Projection() with { Partitions = 2 }], [Check(rig.Clock.GetUtcNow(), 200, 0) with { Partitions = 2 }]);
        await rig.TrafficAsync(50);
        await rig.TickAsync(30);
        Assert.Equal("legacy", rig.Mode);
        var failed = rig.State.Evaluations[^1].Gates.Single(g => g.Gate == "drift");
        Assert.Equal((GateOutcome.Fail, "drift 4.0% (customers-projection: 8/200)"), (failed.Outcome, failed.Value));
    }

    [Fact]
    public async Task MissingOldEmptyOrUnreachableEvidence_HoldsTheStep_SayingWhy()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([25, 100], bake: 600, interval: 30, gates: Gates()));
        var sync = rig.Gateway.Service<SyncStatusStore>();
        await rig.CommandAsync(RolloutCommand.Start);

        async Task<GateResult> EvaluateAsync()
        {
            await rig.TrafficAsync(20);
            await rig.TickAsync(30);
            Assert.Equal("canary:25", rig.Mode);
            Assert.Equal(RolloutStatus.Running, rig.State.Status);
            return rig.State.Evaluations[^1].Gates.Single(g => g.Gate == "drift");
        }

        var none = await EvaluateAsync();
        Assert.Equal((GateOutcome.Inconclusive, "drift n/a"), (none.Outcome, none.Value));
        Assert.Equal("no sync worker reports a projection of this sub-domain (Strangler:Dashboard:SyncStatusUrls)", none.Detail);
        Assert.Contains("rollout.gates.maxDrift: no sync worker is polled (Strangler:Dashboard:SyncStatusUrls), so the gate stays inconclusive and the rollout cannot promote",
            rig.Controller.Status("customers")!.Warnings);

        sync.RecordSuccess(Worker, [Projection()], []);
        var off = await EvaluateAsync();
        Assert.Equal("no continuous check of customers-projection (Strangler:Sync:Reconcile:SampleSizePerMinute on its worker)", off.Detail);

        // A worker checking every 10 s that has not checked for 1.5 minutes has missed its checks. (A check from before
        // the step: A_check_counts_from_the_step_on_by_the_gateways_polls_whatever_the_workers_clock_says.)
        var stepStarted = rig.State.StepStartedAt;
        sync.RecordSuccess(Worker, [Projection()], [Check(stepStarted, 200, 0) with { IntervalSeconds = 10 }]);
        var old = await EvaluateAsync();
        Assert.Equal("the last check of customers-projection is 1.5 min old (more than 1.33 min)", old.Detail);

        sync.RecordSuccess(Worker, [Projection()], [Check(rig.Clock.GetUtcNow().AddSeconds(30), 0, 0)]);
        var empty = await EvaluateAsync();
        Assert.Equal("the last check of customers-projection sampled no keys", empty.Detail);

        sync.RecordSuccess(Worker, [Projection()], [Check(rig.Clock.GetUtcNow().AddSeconds(30), 200, 0)]);
        sync.RecordFailure(Worker, "connection refused");
        var unreachable = await EvaluateAsync();
        Assert.Equal((GateOutcome.Inconclusive, $"sync worker unreachable: {Worker} (connection refused)"), (unreachable.Outcome, unreachable.Detail));

        Assert.Equal(5, rig.State.Evaluations.Count(e => e.Gates.Any(g => g.Gate == "drift" && g.Outcome == GateOutcome.Inconclusive)));
    }

    [Fact]
    // Bug: the check's own time (the worker's clock) was compared with the step's start (the gateway's clock), so a
    // worker a few seconds ahead made a check taken before the step count as the step's evidence.
    public async Task A_check_counts_from_the_step_on_by_the_gateways_polls_whatever_the_workers_clock_says()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([25, 100], bake: 30, interval: 30, gates: Gates()));
        var sync = rig.Gateway.Service<SyncStatusStore>();
        // The poller's last poll before the step: no check yet (say, the worker had just started).
        sync.RecordSuccess(Worker, [Projection()], []);
        rig.Clock.Advance(TimeSpan.FromSeconds(5));
        await rig.CommandAsync(RolloutCommand.Start);
        var stepStarted = rig.State.StepStartedAt;

        // Taken in the 5 s before the step, while the projection caught up, and stamped 3 s after the step's start by a
        // worker whose clock is 10 s ahead; the first poll in the step reports it.
        rig.Clock.Advance(TimeSpan.FromSeconds(5));
        sync.RecordSuccess(Worker, [Projection()], [Check(stepStarted.AddSeconds(3), 200, 0)]);
        await rig.TrafficAsync(50);
        await rig.TickAsync(25);

        Assert.Equal("canary:25", rig.Mode);
        var before = rig.State.Evaluations[^1].Gates.Single(g => g.Gate == "drift");
        Assert.Equal((GateOutcome.Inconclusive, "no check of customers-projection since the step began"), (before.Outcome, before.Detail));

        // The next check, taken after that poll, is stamped 2 s before the step by a worker now 10 s behind: evidence.
        sync.RecordSuccess(Worker, [Projection()], [Check(stepStarted.AddSeconds(-2), 200, 0)]);
        await rig.TrafficAsync(50);
        await rig.TickAsync(30);

        Assert.Equal("new", rig.Mode);
        var after = rig.State.Evaluations[^1].Gates.Single(g => g.Gate == "drift");
        Assert.Equal((GateOutcome.Pass, "drift 0.0% (customers-projection: 0/200)"), (after.Outcome, after.Value));
    }
}
