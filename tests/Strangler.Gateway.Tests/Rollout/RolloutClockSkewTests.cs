using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Rollout;

/// <summary>
/// A fleet whose replicas' clocks disagree: each replica dates its published slots on its own clock, and the holder
/// used to cut them to its window on its own. With a replica's clock two minutes off, every failure that replica
/// served fell outside the holder's window, and a canary failing there was never rolled back. Real PostgreSQL store,
/// two replicas in one process, one of them given a clock set off by <c>seconds</c>.
/// </summary>
public sealed class RolloutClockSkewTests
{
    private static readonly Dictionary<string, string?> Fast = new()
    {
        ["Strangler:Gateway:Rollout:TickInterval"] = "00:00:00.100",
        ["Strangler:Gateway:Fleet:TrafficPublishInterval"] = "00:00:00.500",
        // Failures must reach the error gate, not be stopped by a breaker that only the serving replica would see.
        ["Strangler:Gateway:Breaker:FailureThreshold"] = "1000000",
    };

    [Theory]
    [InlineData(-120)]
    [InlineData(120)]
    public async Task ErrorsServedByAReplicaWhoseClockIsOff_AreJudgedByTheHolder_WhichRollsBackAndNamesTheClock(int seconds)
    {
        await using var rig = await FleetRig.StartAsync(replicas: 0);
        var route = RouteFiles.Route("customers", rig.Legacy.Url, rig.New.Url);
        route["fallbackToLegacy"] = false;
        route["rollout"] = RolloutRig.Plan([50, 100], bake: 600, interval: 1, minRequests: 10,
            gates: new JsonObject { ["errorRateMargin"] = 0.05 });
        RouteFiles.Write(rig.RoutesDirectory, route);
        rig.New.Handler = context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Task.CompletedTask;
        };
        // The holder first, on the machine's clock; then the replica whose clock is off, which serves every request.
        var holder = await rig.StartReplicaAsync("r0", extra: Fast);
        Assert.True(await Eventually.TrueAsync(() => holder.Service<IFleetLease>().IsHeld(RolloutWorker.LeaseName)),
            "r0 holds the rollout lease");
        var off = await rig.StartReplicaAsync("r1", extra: Fast,
            services: services => services.AddSingleton<TimeProvider>(new OffClock(TimeSpan.FromSeconds(seconds))));
        await RolloutFleet.CommandAsync(holder, "start");

        var rolledBack = await Eventually.UntilAsync(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                using var response = (await off.GetAsync("/customers/" + i, "user-" + Guid.NewGuid().ToString("N"))).Response;
            }

            return await RolloutFleet.StatusAsync(holder);
        }, s => (string?)s["state"]?["status"] == "rolled-back", $"the rollout to roll back on r1's errors (its clock {seconds} s off)",
            seconds: 120);

        Assert.True(holder.Service<IFleetLease>().IsHeld(RolloutWorker.LeaseName), "r0 still holds the lease: it judged");
        var gates = rolledBack["state"]!["evaluations"]!.AsArray()[^1]!["gates"]!.AsArray();
        Assert.StartsWith("errors 100.0% vs ", (string)gates.Single(g => (string)g!["gate"]! == "errors")!["value"]!);
        var clock = gates.Single(g => (string)g!["gate"]! == "clock")!;
        Assert.Equal("pass", (string)clock["outcome"]!);
        // Two minutes, give or take the seconds a publication may take to be written on a loaded machine.
        Assert.Matches($"^replica r1's clock is (11[5-9] s|2 min|2 min [1-5] s) {(seconds > 0 ? "ahead of" : "behind")} this replica's$",
            (string)clock["value"]!);
    }
}
