using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>
/// A <see cref="FleetRig"/> whose <c>customers</c> route carries a rollout plan judged only by the diff gate, fed by
/// one <see cref="DiffPassBudget"/> for every replica, with the controller ticking every 100 ms under the fleet's lease.
/// Steps 10, 40, 70, 100; bake and interval 1 s, so each passing evaluation is one promotion.
/// </summary>
internal sealed class RolloutFleet : IAsyncDisposable
{
    public static readonly string[] Modes = ["canary:10", "canary:40", "canary:70", "new"];

    private RolloutFleet(FleetRig rig) => Rig = rig;

    public FleetRig Rig { get; }

    public DiffPassBudget Budget { get; } = new();

    public IReadOnlyList<GatewayHost> Replicas => Rig.Replicas;

    public static async Task<RolloutFleet> StartAsync(int replicas, params TcpRelay?[] relays)
    {
        var fleet = new RolloutFleet(await FleetRig.StartAsync(replicas: 0));
        var route = RouteFiles.Route("customers", fleet.Rig.Legacy.Url, fleet.Rig.New.Url);
        route["rollout"] = RolloutRig.Plan([10, 40, 70, 100], bake: 1, interval: 1, minRequests: 10,
            gates: new JsonObject { ["maxDiffRate"] = 0.05 });
        RouteFiles.Write(fleet.Rig.RoutesDirectory, route);
        for (var i = 0; i < replicas; i++)
        {
            await fleet.StartReplicaAsync($"r{i}", i < relays.Length ? relays[i] : null);
        }

        return fleet;
    }

    public Task<GatewayHost> StartReplicaAsync(string id, TcpRelay? relay = null) =>
        Rig.StartReplicaAsync(id, relay, new Dictionary<string, string?> { ["Strangler:Gateway:Rollout:TickInterval"] = "00:00:00.100" },
            services => services.AddSingleton<IShadowDiffRates>(Budget));

    /// <summary>The replica holding the <c>rollout</c> lease, once exactly one does.</summary>
    public async Task<GatewayHost> HolderAsync()
    {
        var holders = await Eventually.UntilAsync(
            () => Task.FromResult(Replicas.Where(r => r.Service<IFleetLease>().IsHeld(RolloutWorker.LeaseName)).ToList()),
            h => h.Count == 1, "exactly one replica to hold the rollout lease");
        return holders[0];
    }

    public static async Task<JsonNode> StatusAsync(GatewayHost replica)
    {
        var (response, body) = await replica.AdminAsync(HttpMethod.Get, "/rollout/customers");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /rollout/customers: {(int)response.StatusCode} {body?.ToJsonString()}");
        return body!;
    }

    /// <summary>Waits until <paramref name="replica"/>'s API shows the rollout at <paramref name="step"/> with <paramref name="status"/>.</summary>
    public static Task<JsonNode> UntilAsync(GatewayHost replica, string status, int step) => Eventually.UntilAsync(
        () => StatusAsync(replica),
        s => (string?)s["state"]?["status"] == status && (int?)s["state"]?["step"] == step && (string?)s["mode"] == Modes[step],
        $"the rollout {status} at step {step} ({Modes[step]}) as seen by {replica.Url}");

    public static async Task<JsonNode> CommandAsync(GatewayHost replica, string command, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var (response, body) = await replica.AdminAsync(HttpMethod.Post, "/rollout/customers/" + command, new { actor = "ops", reason = "test" });
        Assert.True(response.StatusCode == expected, $"{command}: {(int)response.StatusCode} {body?.ToJsonString()}");
        return body!;
    }

    public static async Task<List<string>> FlipsAsync(GatewayHost replica)
    {
        var (_, history) = await replica.AdminAsync(HttpMethod.Get, "/history?subdomain=customers");
        return [.. history!["changes"]!.AsArray().Where(c => (string)c!["action"]! == "flip").Select(c => (string)c!["to"]!)];
    }

    public ValueTask DisposeAsync() => Rig.DisposeAsync();
}
