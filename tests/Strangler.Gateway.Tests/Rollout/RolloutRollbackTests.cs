using Microsoft.AspNetCore.Http;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Rollout.Gates;
using Strangler.Gateway.Rollout.State;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Rollout;

public sealed class RolloutRollbackTests
{
    [Fact]
    public async Task NewSideStartsFailingAt25Percent_IsRolledBackToLegacyWithinOneEvaluation()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([10, 25, 100], bake: 30, interval: 30, minRequests: 10));
        await rig.CommandAsync(RolloutCommand.Start);
        await rig.TrafficAsync(300);
        await rig.TickAsync(30);
        Assert.Equal("canary:25", rig.Mode);

        rig.New.Handler = context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Task.CompletedTask;
        };
        await rig.TrafficAsync(200);
        await rig.TickAsync(30);

        Assert.Equal("legacy", rig.Mode);
        Assert.Equal(RolloutStatus.RolledBack, rig.State.Status);
        var rollback = rig.History[^1];
        Assert.Equal(("flip", RolloutController.Actor, "canary:25", "legacy"), (rollback.Action, rollback.Actor, rollback.From, rollback.To));
        Assert.StartsWith("rollout: 25% -> legacy, gate failed: errors ", rollback.Reason);
        Assert.Contains("vs 0.0%, limit new <= legacy + 1.0%", rollback.Reason);
        Assert.Equal(("rollback", GateOutcome.Fail), (rig.State.Evaluations[^1].Action, rig.State.Evaluations[^1].Outcome));

        // Rolled back means done: more ticks flip nothing.
        var changes = rig.History.Count;
        await rig.TickAsync(300);
        Assert.Equal(changes, rig.History.Count);

        Assert.True(await Eventually.TrueAsync(() => rig.Webhook.Names.Contains("rolled-back")), string.Join(", ", rig.Webhook.Names));
        Assert.Equal(["started", "promoted", "rolled-back"], rig.Webhook.Names);
        var failed = rig.Webhook.Events.Last()["gates"]!.AsArray().Single(g => (string)g!["gate"]! == "errors")!;
        Assert.Equal("fail", (string)failed["outcome"]!);
    }

    [Fact]
    public async Task SlowNewSide_FailsTheP99Gate()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([25, 100], bake: 60, interval: 30,
            gates: new() { ["errorRateMargin"] = 0.01, ["p99Factor"] = 2.0 }));
        await rig.CommandAsync(RolloutCommand.Start);
        // The gateway times requests on its clock: each side's handler moves the fake clock by its latency.
        rig.Legacy.Handler = context =>
        {
            rig.Clock.Advance(TimeSpan.FromMilliseconds(10));
            return context.Response.WriteAsync("legacy");
        };
        rig.New.Handler = context =>
        {
            rig.Clock.Advance(TimeSpan.FromMilliseconds(300));
            return context.Response.WriteAsync("new");
        };
        await rig.TrafficAsync(200);
        await rig.EvaluateNowAsync();

        Assert.Equal("legacy", rig.Mode);
        var p99 = rig.State.Evaluations[^1].Gates.Single(g => g.Gate == "p99");
        Assert.Equal(GateOutcome.Fail, p99.Outcome);
        Assert.Equal(GateOutcome.Pass, rig.State.Evaluations[^1].Gates.Single(g => g.Gate == "errors").Outcome);
        Assert.Contains("gate failed: p99 ", rig.History[^1].Reason);
        Assert.Contains("limit new <= 2 x legacy", rig.History[^1].Reason);
    }

    [Fact]
    public async Task RollbackAfterTwo_CountsConsecutiveFailures_AndAPassResetsThem()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([25, 100], bake: 600, interval: 30, minRequests: 10, rollbackAfter: 2));
        await rig.CommandAsync(RolloutCommand.Start);
        var failing = true;
        rig.New.Handler = context =>
        {
            context.Response.StatusCode = failing ? 500 : 200;
            return Task.CompletedTask;
        };

        await rig.TrafficAsync(100);
        await rig.TickAsync(30);
        Assert.Equal(("canary:25", 1), (rig.Mode, rig.State.Failures));

        failing = false;
        await rig.TickAsync(25);
        await rig.TrafficAsync(400);
        await rig.TickAsync(5);
        Assert.Equal(GateOutcome.Pass, rig.State.Evaluations[^1].Outcome);
        Assert.Equal(("canary:25", 0), (rig.Mode, rig.State.Failures));
    }
}
