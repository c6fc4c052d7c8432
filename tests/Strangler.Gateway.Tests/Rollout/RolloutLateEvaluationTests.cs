using Microsoft.AspNetCore.Http;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Rollout.FleetGates;
using Strangler.Gateway.Rollout.Gates;
using Strangler.Gateway.Rollout.State;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Rollout;

/// <summary>
/// An evaluation that comes late (a restarted or newly elected lease holder, a slow tick) judges everything since the
/// previous one, not the last interval only: before, the failures served at the start of the delay fell out of the
/// window unjudged, and the late evaluation promoted on the healthy traffic after them.
/// </summary>
public sealed class RolloutLateEvaluationTests
{
    [Fact]
    public async Task AnEvaluationDueAt30sThatRunsAt55s_StillJudgesTheFailuresOfTheFirstSeconds()
    {
        // The rig's clock starts on a 10 s slot boundary: the failures are in the step's first slot.
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([50, 100], bake: 30, interval: 30, minRequests: 10,
            gates: new() { ["errorRateMargin"] = 0.05 }));
        await StartWithFailuresAsync(rig);

        // Due at 30 s; no tick until 55 s, by when healthy traffic has followed. A window of the last interval and a
        // slot (15 s to 55 s) holds none of the failures.
        rig.Clock.Advance(TimeSpan.FromSeconds(55));
        await rig.TrafficAsync(200);
        await rig.TickAsync(0);

        var evaluation = rig.State.Evaluations.Single();
        var errors = evaluation.Gates.Single(g => g.Gate == "errors");
        Assert.True(evaluation.Action == "rollback", $"{evaluation.Action}: {errors.Value}");
        Assert.Equal(GateOutcome.Fail, errors.Outcome);
        Assert.Equal((RolloutStatus.RolledBack, "legacy"), (rig.State.Status, rig.Mode));
    }

    [Fact]
    public async Task AnEvaluationOnTime_JudgesOnlyItsOwnInterval()
    {
        // The window since the last evaluation is the interval when evaluations come on time: failures judged once
        // are not judged again, so a passing evaluation can follow a failed one (rollbackAfter 2, consecutive).
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([50, 100], bake: 90, interval: 30, minRequests: 10,
            rollbackAfter: 2, gates: new() { ["errorRateMargin"] = 0.05 }));
        await StartWithFailuresAsync(rig);
        await rig.TickAsync(30);
        Assert.Equal(("hold", 1), (rig.State.Evaluations[^1].Action, rig.State.Failures));

        rig.Clock.Advance(TimeSpan.FromSeconds(20));
        await rig.TrafficAsync(200);
        await rig.TickAsync(10);

        Assert.Equal((GateOutcome.Pass, "bake", 0), (rig.State.Evaluations[^1].Outcome, rig.State.Evaluations[^1].Action, rig.State.Failures));
        Assert.Equal("canary:50", rig.Mode);
    }

    [Fact]
    public async Task AReplicaPublishes_TheSlotsALateEvaluationAfterALeaseHandoverReaches()
    {
        // Interval 20 s: the window is 30 s, the publication lag 15 s. A holder that crashed is replaced within the
        // lease's 15 s, and its successor's evaluation, that late, reaches 15 s further back: those slots must still be
        // in every replica's row, or the successor judges its own share of them only.
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([50, 100], bake: 20, interval: 20, minRequests: 10));
        await rig.CommandAsync(RolloutCommand.Start);
        await rig.TrafficAsync(40);
        var served = rig.Gateway.Service<LocalGateSlots>().Build().Routes.Single().New.Sum(s => s.Requests);
        Assert.InRange(served, 1, 39);

        rig.Clock.Advance(TimeSpan.FromSeconds(52));

        Assert.Equal(served, rig.Gateway.Service<LocalGateSlots>().Build().Routes.Single().New.Sum(s => s.Requests));
    }

    /// <summary>Starts the rollout, then 60 requests, the new side's 30 or so failing, at the step's start.</summary>
    private static async Task StartWithFailuresAsync(RolloutRig rig)
    {
        await rig.CommandAsync(RolloutCommand.Start);
        rig.New.Handler = context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Task.CompletedTask;
        };
        await rig.TrafficAsync(60);
        rig.New.Handler = null;
    }
}
