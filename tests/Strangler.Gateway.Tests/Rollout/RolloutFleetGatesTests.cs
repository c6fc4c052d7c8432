using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Npgsql;
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

    [Fact]
    public async Task OtherReplicasFiguresUnreadable_TheHolderHoldsInconclusiveSayingWhy_AndDoesNotPromoteOnItsOwnShare()
    {
        await using var rig = await StartAsync(RolloutRig.Plan([50, 100], bake: 1, interval: 1, minRequests: 5,
            gates: new JsonObject { ["errorRateMargin"] = 0.05 }));
        var holder = await HolderAsync(rig);
        await RolloutFleet.CommandAsync(holder, "start");
        // The rollout state stays readable; only the published traffic cannot be read (as after a botched migration).
        await using (var connection = new NpgsqlConnection(rig.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var drop = new NpgsqlCommand("ALTER TABLE strangler_gateway_traffic DROP COLUMN gate_slots", connection);
            await drop.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        const string unreadable = "the other replicas' traffic cannot be read from the fleet's store";
        var held = await Eventually.UntilAsync(async () =>
        {
            // Enough for the holder's own share to pass: judged alone, it would promote.
            for (var i = 0; i < 30; i++)
            {
                using var response = (await holder.GetAsync("/customers/" + i, "user-" + Guid.NewGuid().ToString("N"))).Response;
            }

            return await RolloutFleet.StatusAsync(holder);
        }, s => ErrorGates(s).Count(g => ((string?)g["detail"])?.StartsWith(unreadable, StringComparison.Ordinal) == true
                && OwnShare((string)g["detail"]!) is ( >= 5, >= 5)) >= 3,
            "three evaluations holding on an unreadable fleet while the holder's own share had enough traffic", seconds: 120);

        Assert.Equal(("running", 0, "canary:50"), ((string)held["state"]!["status"]!, (int)held["state"]!["step"]!, (string)held["mode"]!));
        var errors = ErrorGates(held)[^1];
        Assert.Equal("inconclusive", (string)errors["outcome"]!);
        Assert.StartsWith(unreadable, (string)errors["detail"]!);
        Assert.EndsWith(" over 1 replica", (string)errors["value"]!);
        Assert.DoesNotContain("promote", held["state"]!["evaluations"]!.AsArray().Select(e => (string)e!["action"]!));
    }

    private static List<JsonNode> ErrorGates(JsonNode status) => [.. status["state"]!["evaluations"]!.AsArray()
        .Select(e => e!["gates"]!.AsArray().Single(g => (string)g!["gate"]! == "errors")!)];

    /// <summary>The holder's own requests, as an unreadable fleet's reason states them: "(12 new / 15 legacy requests)".</summary>
    private static (long New, long Legacy) OwnShare(string detail)
    {
        var match = System.Text.RegularExpressions.Regex.Match(detail, @"\((\d+) new / (\d+) legacy requests\)");
        return match.Success ? (long.Parse(match.Groups[1].Value), long.Parse(match.Groups[2].Value)) : (0, 0);
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
