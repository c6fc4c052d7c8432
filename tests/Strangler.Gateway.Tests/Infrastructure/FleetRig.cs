using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Strangler.Gateway.Fleet;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>
/// A fleet in one test process: a legacy and a new upstream, one PostgreSQL route store (its own schema), and gateway
/// replicas on port 0 that share the routes directory (like a mounted ConfigMap), the dashboard keys and the signing key.
/// </summary>
public sealed class FleetRig : IAsyncDisposable
{
    private readonly List<GatewayHost> _replicas = [];

    private FleetRig(Upstream legacy, Upstream @new, string connectionString)
    {
        (Legacy, New, ConnectionString) = (legacy, @new, connectionString);
    }

    public Upstream Legacy { get; }

    public Upstream New { get; }

    public string ConnectionString { get; }

    public string RoutesDirectory { get; } = RouteFiles.NewDirectory();

    public string SharedDirectory { get; } = RouteFiles.NewDirectory();

    public IReadOnlyList<GatewayHost> Replicas => _replicas;

    public static async Task<FleetRig> StartAsync(int replicas = 3, string mode = "legacy")
    {
        var connectionString = await FleetDatabase.CreateAsync();
        var rig = new FleetRig(await Upstream.StartAsync("legacy"), await Upstream.StartAsync("new"), connectionString);
        RouteFiles.Write(rig.RoutesDirectory, RouteFiles.Route("customers", rig.Legacy.Url, rig.New.Url, mode));
        for (var i = 0; i < replicas; i++)
        {
            await rig.StartReplicaAsync($"r{i}");
        }

        return rig;
    }

    public Dictionary<string, string?> Settings(string id, TcpRelay? relay = null) => new()
    {
        ["Strangler:Gateway:Fleet:Store"] = "postgres",
        ["Strangler:Gateway:Fleet:ConnectionString"] = FleetDatabase.Via(ConnectionString, ApplicationName(id), relay),
        ["Strangler:Gateway:Fleet:ReplicaId"] = id,
        ["Strangler:Gateway:Fleet:CacheFile"] = Path.Combine(SharedDirectory, "cache", id + ".json"),
        ["Strangler:Gateway:Fleet:HeartbeatInterval"] = "00:00:00.500",
        ["Strangler:Gateway:Fleet:LeaseDuration"] = "00:00:02",
        ["Strangler:Gateway:Fleet:StartTimeout"] = "00:00:03",
        ["Strangler:Gateway:Fleet:MaxReconnectDelay"] = "00:00:00.500",
        ["Strangler:Dashboard:KeysDirectory"] = Path.Combine(SharedDirectory, "keys"),
    };

    /// <summary>The PostgreSQL application name of a replica's connections, to find (and end) its backends.</summary>
    public string ApplicationName(string id) => "fleet-" + id + "-" + Path.GetFileName(SharedDirectory)[^8..];

    public async Task<GatewayHost> StartReplicaAsync(string id, TcpRelay? relay = null, IDictionary<string, string?>? extra = null,
        Action<IServiceCollection>? services = null, ILoggerProvider? logs = null)
    {
        var settings = Settings(id, relay);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var host = logs is null
            ? await GatewayHost.StartAsync(RoutesDirectory, Legacy, settings, services, ownsDirectory: false)
            : await GatewayHost.StartAsync(RoutesDirectory, Legacy.Url, settings, services, logs: logs);
        _replicas.Add(host);
        // Until its first heartbeat has an answer (claimed, refused, or the store unreachable) a replica is not ready by
        // design; a test that reads /readyz straight after the start would race that heartbeat on a loaded machine.
        Assert.True(await Eventually.TrueAsync(() => host.Service<ReplicaOwnership>().Answered),
            $"replica {id}'s first heartbeat had an answer");
        return host;
    }

    public async Task StopReplicaAsync(GatewayHost host)
    {
        _replicas.Remove(host);
        await host.DisposeAsync();
    }

    public static long Revision(GatewayHost host) => host.Service<FleetRouteState>().ServedRevision;

    public FleetStoreClient Store() => new("postgres", ConnectionString);

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        await Legacy.DisposeAsync();
        await New.DisposeAsync();
        await FleetDatabase.DropAsync(ConnectionString);
        foreach (var directory in new[] { RoutesDirectory, SharedDirectory })
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A temp directory left behind is harmless.
            }
        }
    }
}
