using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Strangler.Gateway.Dashboard.Metrics;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Rollout;

/// <summary>
/// Issue 14, the known limit of the fleet's rollout: the lease holder's gates judged only the traffic it served itself.
/// Here every request goes through the replicas that do not hold the lease, so the holder's own history is empty and
/// only the other replicas' published slots can promote or roll back.
/// </summary>
public sealed class RolloutFleetGatesTests
{
    private static readonly Dictionary<string, string?> Fast = new()
    {
        ["Strangler:Gateway:Rollout:TickInterval"] = "00:00:00.100",
        ["Strangler:Gateway:Fleet:TrafficPublishInterval"] = "00:00:00.500",
        // Failures must reach the error gate, not be stopped by a breaker that only the serving replica would see.
        ["Strangler:Gateway:Breaker:FailureThreshold"] = "1000000",
    };

    [Fact]
    public async Task TrafficServedOnlyByTheReplicasWithoutTheLease_GivesTheHoldersGatesTheirMinRequests_AndPromotes()
    {
        await using var rig = await StartAsync(RolloutRig.Plan([50, 100], bake: 1, interval: 1, minRequests: 20,
            gates: new JsonObject { ["errorRateMargin"] = 0.05, ["p99Factor"] = 100.0 }));
        var holder = await HolderAsync(rig);
        await RolloutFleet.CommandAsync(holder, "start");

        var served = new HashSet<GatewayHost>();
        var completed = await Eventually.UntilAsync(async () =>
        {
            await TrafficAsync(rig, served);
            return await RolloutFleet.StatusAsync(holder);
        }, s => (string?)s["state"]?["status"] == "completed", "the rollout to complete on the other replicas' traffic", seconds: 120);

        var promotion = completed["state"]!["evaluations"]!.AsArray().Last(e => (string)e!["action"]! == "complete")!;
        var errors = promotion["gates"]!.AsArray().Single(g => (string)g!["gate"]! == "errors")!;
        Assert.Equal("pass", (string)errors["outcome"]!);
        Assert.EndsWith(" over 3 replicas", (string)errors["value"]!);
        Assert.Equal("new", (string)completed["mode"]!);
        await AssertHolderServedNothingAsync(rig, holder, served);
    }

    [Fact]
    public async Task ErrorsServedOnlyByAReplicaWithoutTheLease_FailTheHoldersErrorGate_AndRollBack()
    {
        await using var rig = await StartAsync(RolloutRig.Plan([50, 100], bake: 600, interval: 1, minRequests: 10,
            gates: new JsonObject { ["errorRateMargin"] = 0.05 }));
        rig.New.Handler = context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Task.CompletedTask;
        };
        var holder = await HolderAsync(rig);
        await RolloutFleet.CommandAsync(holder, "start");

        var served = new HashSet<GatewayHost>();
        var rolledBack = await Eventually.UntilAsync(async () =>
        {
            await TrafficAsync(rig, served, onlyOne: true);
            return await RolloutFleet.StatusAsync(holder);
        }, s => (string?)s["state"]?["status"] == "rolled-back", "the rollout to roll back on another replica's errors", seconds: 120);

        Assert.Equal("legacy", (string)rolledBack["mode"]!);
        var rollback = rolledBack["state"]!["evaluations"]!.AsArray()[^1]!;
        Assert.Equal(("rollback", "fail"), ((string)rollback["action"]!, (string)rollback["outcome"]!));
        var errors = rollback["gates"]!.AsArray().Single(g => (string)g!["gate"]! == "errors")!;
        Assert.StartsWith("errors 100.0% vs 0.0% over 3 replicas", (string)errors["value"]!);
        Assert.Contains("over 3 replicas", (string)rolledBack["state"]!["message"]!);
        await AssertHolderServedNothingAsync(rig, holder, served);
    }

    private static async Task<FleetRig> StartAsync(JsonObject plan)
    {
        var rig = await FleetRig.StartAsync(replicas: 0);
        var route = RouteFiles.Route("customers", rig.Legacy.Url, rig.New.Url);
        route["fallbackToLegacy"] = false;
        route["rollout"] = plan;
        RouteFiles.Write(rig.RoutesDirectory, route);
        for (var i = 0; i < 3; i++)
        {
            await rig.StartReplicaAsync($"r{i}", extra: Fast);
        }

        return rig;
    }

    private static async Task<GatewayHost> HolderAsync(FleetRig rig) => (await Eventually.UntilAsync(
        () => Task.FromResult(rig.Replicas.Where(r => r.Service<IFleetLease>().IsHeld(RolloutWorker.LeaseName)).ToList()),
        h => h.Count == 1, "exactly one replica to hold the rollout lease"))[0];

    /// <summary>A batch from distinct users (so the canary splits them) through replicas not holding the lease now.</summary>
    private static async Task TrafficAsync(FleetRig rig, HashSet<GatewayHost> served, bool onlyOne = false)
    {
        var others = rig.Replicas.Where(r => !r.Service<IFleetLease>().IsHeld(RolloutWorker.LeaseName)).ToList();
        foreach (var replica in onlyOne ? others.Take(1) : others)
        {
            served.Add(replica);
            for (var i = 0; i < 20; i++)
            {
                using var response = (await replica.GetAsync("/customers/" + i, "user-" + Guid.NewGuid().ToString("N"))).Response;
            }
        }
    }

    /// <summary>The evidence was not the holder's own: it served no request of the sub-domain (unless the lease moved to a replica that had).</summary>
    private static async Task AssertHolderServedNothingAsync(FleetRig rig, GatewayHost holder, HashSet<GatewayHost> served)
    {
        var now = await HolderAsync(rig);
        if (now == holder && !served.Contains(holder))
        {
            var history = holder.Service<TrafficHistory>();
            Assert.Equal((0L, 0L), (history.Summarize("customers", TrafficHistory.New, TimeSpan.FromHours(1)).Requests,
                history.Summarize("customers", TrafficHistory.Legacy, TimeSpan.FromHours(1)).Requests));
        }
    }
}
