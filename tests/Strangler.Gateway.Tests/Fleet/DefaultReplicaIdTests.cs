using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Fleet;

/// <summary>
/// The default replica id was the host name and process id: a crashed replica restarted on its host came back as a
/// new replica, while its old id held the fleet's promotion as silent for up to ReplicaGoneAfter. It is now the host
/// name and the configured ports: the same after a restart, distinct for replicas sharing a host.
/// </summary>
public sealed class DefaultReplicaIdTests
{
    [Fact]
    public async Task WithoutAReplicaId_ReplicasOnOneHost_GetDistinctIds_AndARestartedOneComesBackUnderItsOwn()
    {
        await using var rig = await FleetRig.StartAsync(replicas: 0);
        var (first, second) = (FreePort(), FreePort());
        var a = await rig.StartReplicaAsync("a", extra: Unnamed(first));
        var b = await rig.StartReplicaAsync("b", extra: Unnamed(second));
        var idA = a.Service<FleetRouteState>().Options.EffectiveReplicaId;

        Assert.Equal($"{Environment.MachineName}-{first}", idA);
        Assert.Equal($"{Environment.MachineName}-{second}", b.Service<FleetRouteState>().Options.EffectiveReplicaId);
        await Eventually.UntilAsync(() => IdsAsync(rig), ids => ids.Count == 2, "both replicas' heartbeats, under two ids");

        await rig.StopReplicaAsync(a);
        var again = await rig.StartReplicaAsync("a", extra: Unnamed(first));

        Assert.Equal(idA, again.Service<FleetRouteState>().Options.EffectiveReplicaId);
        // Back under its id, it serves again: its mark of having left is cleared by its first heartbeat.
        var replicas = await Eventually.UntilAsync(() => rig.Store().ReplicasAsync(TestContext.Current.CancellationToken),
            r => r.Replicas.Single(h => h.ReplicaId == idA).LeftAt is null, "the restarted replica's heartbeat, no longer marked left");
        Assert.Equal(2, replicas.Replicas.Count);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5100", null, null, "5100")]
    [InlineData("https://0.0.0.0:5443;http://*:5100", null, null, "5100-5443")]
    [InlineData("http://127.0.0.1:0", null, null, null)]
    [InlineData("http://unix:/tmp/gw.sock", null, null, null)]
    [InlineData(null, "http://+:5200", null, "5200")]
    [InlineData(null, null, "8080", "8080")]
    [InlineData(null, null, null, null)]
    public void TheDefaultId_IsTheHostAndItsConfiguredPorts_OrTheProcessIdWhenTheyAreNotKnownBeforeStart(
        string? urls, string? endpoint, string? httpPorts, string? expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = urls,
            ["Kestrel:Endpoints:Http:Url"] = endpoint,
            ["http_ports"] = httpPorts,
        }).Build();

        var id = FleetOptions.DefaultReplicaId("gw-host", ListenPorts.From(configuration), 4242);

        Assert.Equal("gw-host-" + (expected ?? "4242"), id);
    }

    private static Dictionary<string, string?> Unnamed(int port) => new()
    {
        ["Strangler:Gateway:Fleet:ReplicaId"] = null,
        ["urls"] = $"http://127.0.0.1:{port}",
    };

    private static async Task<List<string>> IdsAsync(FleetRig rig) =>
        [.. (await rig.Store().ReplicasAsync(TestContext.Current.CancellationToken)).Replicas.Select(r => r.ReplicaId)];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
