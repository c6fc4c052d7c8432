using Microsoft.Extensions.DependencyInjection;

namespace Strangler.Tests.Shared;

/// <summary>A legacy upstream, a new upstream and a gateway in front of them: the usual functional test set-up.</summary>
public sealed class Rig : IAsyncDisposable
{
    private Rig(Upstream legacy, Upstream @new, GatewayHost gateway)
    {
        Legacy = legacy;
        New = @new;
        Gateway = gateway;
    }

    public Upstream Legacy { get; }

    public Upstream New { get; }

    public GatewayHost Gateway { get; }

    public string RoutesDirectory => Gateway.RoutesDirectory;

    /// <summary>Starts the rig with a <c>customers</c> route in <paramref name="mode"/>.</summary>
    public static async Task<Rig> StartAsync(string mode = "legacy", int percentage = 0,
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null,
        Action<System.Text.Json.Nodes.JsonObject>? edit = null)
    {
        var legacy = await Upstream.StartAsync("legacy");
        var @new = await Upstream.StartAsync("new");
        var directory = RouteFiles.NewDirectory();
        var route = RouteFiles.Route("customers", legacy.Url, @new.Url, mode, percentage);
        edit?.Invoke(route);
        RouteFiles.Write(directory, route);
        var gateway = await GatewayHost.StartAsync(directory, legacy, settings, services);
        return new Rig(legacy, @new, gateway);
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Legacy.DisposeAsync();
        await New.DisposeAsync();
    }
}
