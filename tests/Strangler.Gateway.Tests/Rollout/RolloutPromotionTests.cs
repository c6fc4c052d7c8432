using System.Text.Json.Nodes;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Rollout.Gates;
using Strangler.Gateway.Rollout.State;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Rollout;

public sealed class RolloutPromotionTests
{
    [Fact]
    public async Task HealthyNewSide_PromotesStepByStepAfterEachBake_AndCompletesOnNew()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([20, 50, 100], bake: 60, interval: 30));

        var started = await rig.CommandAsync(RolloutCommand.Start);
        Assert.True(started.Succeeded, string.Join("; ", started.Errors));
        Assert.Equal("canary:20", rig.Mode);

        await rig.TrafficAsync(300);
        await rig.TickAsync(30);
        Assert.Equal("canary:20", rig.Mode);
        Assert.Equal(("bake", GateOutcome.Pass), (rig.State.Evaluations[^1].Action, rig.State.Evaluations[^1].Outcome));

        await rig.TrafficAsync(300);
        await rig.TickAsync(30);
        Assert.Equal("canary:50", rig.Mode);
        var promotion = rig.History[^1];
        Assert.Equal(("flip", RolloutController.Actor), (promotion.Action, promotion.Actor));
        Assert.StartsWith("rollout: 20% -> 50% (errors 0.0% vs 0.0%, p99 ", promotion.Reason);

        await rig.TrafficAsync(100);
        await rig.TickAsync(30);
        await rig.TrafficAsync(100);
        await rig.TickAsync(30);
        Assert.Equal("new", rig.Mode);
        Assert.Equal(RolloutStatus.Completed, rig.State.Status);
        Assert.StartsWith("rollout: 50% -> 100% (errors 0.0% vs 0.0%", rig.History[^1].Reason);

        // Each step was an ordinary flip: the file is the route with its plan kept, the history has every step.
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(rig.RoutesDirectory, "customers.json")))!;
        Assert.Equal("new", (string)file["mode"]!);
        Assert.Equal(3, file["rollout"]!["steps"]!.AsArray().Count);
        Assert.Equal(["canary:20", "canary:50", "new"], rig.History.Where(c => c.Action == "flip").Select(c => c.To!));

        Assert.True(await Eventually.TrueAsync(() => rig.Webhook.Events.Count >= 3), string.Join(", ", rig.Webhook.Names));
        Assert.Equal(["started", "promoted", "completed"], rig.Webhook.Names);
        var completed = rig.Webhook.Events.Last();
        Assert.Equal(("customers", "canary:50", "new"), ((string)completed["subdomain"]!, (string)completed["from"]!, (string)completed["to"]!));
        Assert.Equal("errors", (string)completed["gates"]![0]!["gate"]!);
    }

    [Fact]
    public async Task NoTraffic_HoldsAsInconclusive_AndNeverPromotes()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([25, 100], bake: 60, interval: 30));
        await rig.CommandAsync(RolloutCommand.Start);

        for (var i = 0; i < 6; i++)
        {
            await rig.TickAsync(30);
        }

        Assert.Equal("canary:25", rig.Mode);
        Assert.Equal(RolloutStatus.Running, rig.State.Status);
        Assert.Equal(6, rig.State.Evaluations.Count);
        Assert.All(rig.State.Evaluations, e => Assert.Equal((GateOutcome.Inconclusive, "hold"), (e.Outcome, e.Action)));
        Assert.Contains("too little traffic: 0 new / 0 legacy requests, 20 needed per side", rig.State.Message);
        Assert.Equal(0, rig.State.Failures);
        Assert.True(await Eventually.TrueAsync(() => rig.Webhook.Events.Count >= 7), string.Join(", ", rig.Webhook.Names));
        Assert.Equal(["started", .. Enumerable.Repeat("hold", 6)], rig.Webhook.Names);
    }

    [Fact]
    public async Task TrafficOnOneSideOnly_IsInconclusive_NotAPass()
    {
        await using var rig = await RolloutRig.StartAsync(RolloutRig.Plan([25, 100], bake: 30, interval: 30, minRequests: 20));
        await rig.CommandAsync(RolloutCommand.Start);
        // Users the canary keeps on legacy only: legacy has plenty, new has none.
        for (var i = 0; i < 200; i++)
        {
            var (_, servedBy, _) = await rig.Gateway.GetAsync("/customers/1", "pinned-legacy-user");
            Assert.StartsWith("legacy", servedBy);
        }

        await rig.TickAsync(30);

        Assert.Equal("canary:25", rig.Mode);
        Assert.Equal(GateOutcome.Inconclusive, rig.State.Evaluations[^1].Outcome);
        Assert.Contains("0 new / 200 legacy", rig.State.Message);
    }
}
