using System.Text.Json.Nodes;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Rollout.Gates;
using Strangler.Gateway.Shadow;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Rollout;

public sealed class RolloutDiffGateTests
{
    private static JsonObject Gates() => new() { ["errorRateMargin"] = 0.01, ["maxDiffRate"] = 0.05 };

    [Fact]
    public async Task ADiffRateOverTheLimit_BlocksPromotion_UntilItDrops()
    {
        var diff = new ControllableDiffRates { Counts = new ShadowDiffCounts(100, 30) };
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([25, 100], bake: 30, interval: 30, rollbackAfter: 3, gates: Gates()), diff);
        await rig.CommandAsync(RolloutCommand.Start);

        await rig.TrafficAsync(200);
        await rig.TickAsync(30);
        await rig.TrafficAsync(200);
        await rig.TickAsync(30);

        Assert.Equal("canary:25", rig.Mode);
        var gate = rig.State.Evaluations[^1].Gates.Single(g => g.Gate == "diff");
        Assert.Equal((GateOutcome.Fail, "diff 30.0%", "diff <= 5.0%"), (gate.Outcome, gate.Value, gate.Limit));
        Assert.Equal(2, rig.State.Failures);
        Assert.Contains(diff.Asked, a => a.Subdomain == "customers" && a.To == rig.Clock.GetUtcNow() && a.From < a.To);

        diff.Counts = new ShadowDiffCounts(100, 1);
        await rig.TrafficAsync(200);
        await rig.TickAsync(30);
        Assert.Equal("new", rig.Mode);
        Assert.Contains("diff 1.0%", rig.History[^1].Reason);
    }

    [Fact]
    public async Task WithShadowOff_TheDiffGateIsInconclusive_AndTheStatusWarns()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([25, 100], bake: 30, interval: 30, gates: Gates()));
        await rig.CommandAsync(RolloutCommand.Start);
        await rig.TrafficAsync(200);
        await rig.TickAsync(30);

        Assert.Equal("canary:25", rig.Mode);
        var gate = rig.State.Evaluations[^1].Gates.Single(g => g.Gate == "diff");
        Assert.Equal((GateOutcome.Inconclusive, "shadow off"), (gate.Outcome, gate.Detail));
        Assert.Contains(rig.Controller.Status("customers")!.Warnings, w => w.StartsWith("rollout.gates.maxDiffRate: this route has no shadow block", StringComparison.Ordinal));
    }
}
