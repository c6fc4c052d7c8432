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
        Assert.Equal((GateOutcome.Fail, "drift 4.0% (8/200 customer-addresses)", "drift <= 1.0%"), (gate.Outcome, gate.Value, gate.Limit));
        Assert.Equal("8 of 200 sampled keys of customer-addresses differ between legacy and new", gate.Detail);
        Assert.StartsWith("rollout: 25% -> legacy, gate failed: drift 4.0% (8/200 customer-addresses)", rig.History[^1].Reason);
    }

    [Fact]
    public async Task RecentChecksUnderTheLimit_Promote()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([25, 100], bake: 30, interval: 30, gates: Gates()));
        var sync = rig.Gateway.Service<SyncStatusStore>();
        await rig.CommandAsync(RolloutCommand.Start);
        await rig.TrafficAsync(50);
        rig.Clock.Advance(TimeSpan.FromSeconds(20));
        // A projection of another sub-domain, and a backfill (data out) of this one, have no say.
        sync.RecordSuccess(Worker, [Projection(), Projection("orders-projection", "orders"), Projection("customers-backfill") with { Kind = "backfill" }],
            [Check(rig.Clock.GetUtcNow(), 200, 2), Check(rig.Clock.GetUtcNow(), 200, 100, "orders-projection")]);
        await rig.TickAsync(10);

        Assert.Equal("new", rig.Mode);
        var gate = rig.State.Evaluations[^1].Gates.Single(g => g.Gate == "drift");
        Assert.Equal((GateOutcome.Pass, "drift 1.0% (2/200 customers-projection)"), (gate.Outcome, gate.Value));
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

        // A sample taken before the step (say, as the worker started, while its projection caught up) is not evidence.
        var stepStarted = rig.State.StepStartedAt;
        sync.RecordSuccess(Worker, [Projection()], [Check(stepStarted.AddSeconds(-1), 200, 0)]);
        var early = await EvaluateAsync();
        Assert.Equal((GateOutcome.Inconclusive, "drift 0.0% (0/200 customers-projection)"), (early.Outcome, early.Value));
        Assert.Equal("no check of customers-projection since the step began", early.Detail);

        // A worker checking every 10 s that has not checked for 2 minutes has missed its checks.
        sync.RecordSuccess(Worker, [Projection()], [Check(stepStarted, 200, 0) with { IntervalSeconds = 10 }]);
        var old = await EvaluateAsync();
        Assert.Equal("the last check of customers-projection is 2 min old (more than 1.33 min)", old.Detail);

        sync.RecordSuccess(Worker, [Projection()], [Check(rig.Clock.GetUtcNow().AddSeconds(30), 0, 0)]);
        var empty = await EvaluateAsync();
        Assert.Equal("the last check of customers-projection sampled no keys", empty.Detail);

        sync.RecordSuccess(Worker, [Projection()], [Check(rig.Clock.GetUtcNow().AddSeconds(30), 200, 0)]);
        sync.RecordFailure(Worker, "connection refused");
        var unreachable = await EvaluateAsync();
        Assert.Equal((GateOutcome.Inconclusive, $"sync worker unreachable: {Worker} (connection refused)"), (unreachable.Outcome, unreachable.Detail));

        Assert.Equal(6, rig.State.Evaluations.Count(e => e.Gates.Any(g => g.Gate == "drift" && g.Outcome == GateOutcome.Inconclusive)));
    }
}
