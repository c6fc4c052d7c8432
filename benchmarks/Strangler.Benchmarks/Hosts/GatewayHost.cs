using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Builder;
using Strangler.Gateway;
using Strangler.Gateway.Configuration;

namespace Strangler.Benchmarks.Hosts;

/// <summary>
/// The Strangler gateway as the demo runs it: the demo's route files, every sub-domain in canary mode at 50% (so each
/// request hashes a user key and half the users go each way), metrics, the dashboard and the served-by header on,
/// logging as the bare YARP baseline does. Both sides of
/// every route point at the benchmark upstream, so only the gateway's own work differs from bare YARP.
/// </summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _routesDirectory;

    private GatewayHost(WebApplication app, string routesDirectory, string url)
    {
        _app = app;
        _routesDirectory = routesDirectory;
        Url = url;
    }

    public string Url { get; }

    public static async Task<GatewayHost> StartAsync(string upstream, string routesSource, HostLogging logging)
    {
        var loaded = RouteValidator.LoadDirectory(routesSource);
        if (!loaded.IsValid)
        {
            throw new InvalidOperationException(
                $"The route files in '{routesSource}' are invalid:\n{string.Join('\n', loaded.Errors)}");
        }

        var directory = Path.Combine(Path.GetTempPath(), $"strangler-bench-routes-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        foreach (var route in loaded.Routes)
        {
            RouteFileWriter.WriteAtomically(directory, route with
            {
                Legacy = upstream, New = upstream, Mode = RouteMode.Canary, CanaryPercentage = 50,
            });
        }

        var app = GatewayApplication.Build([
            "--urls=http://127.0.0.1:0",
            $"--Strangler:Gateway:RoutesDirectory={directory}",
            $"--Strangler:Gateway:DefaultUpstream={upstream}",
            "--Strangler:Gateway:ServedByHeader=X-Strangler-Served-By",
            "--Strangler:Gateway:OverrideSigningKey=benchmark-signing-key-benchmark-signing-key",
            "--Logging:LogLevel:Default=Warning",
        ], builder =>
        {
            if (logging == HostLogging.None)
            {
                builder.Logging.ClearProviders();
            }
        });
        return new GatewayHost(app, directory, await LoopbackHost.StartAsync(app));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_routesDirectory, recursive: true);
    }
}
