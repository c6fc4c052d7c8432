using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace Strangler.Benchmarks.Hosts;

/// <summary>
/// The baseline: YARP with one catch-all route and nothing else, in the host YARP's getting-started guide uses
/// (<see cref="WebApplication.CreateBuilder(string[])"/>), logging as the gateway does.
/// </summary>
internal static class BareYarpHost
{
    public static WebApplication Create(string upstream, HostLogging logging)
    {
        var builder = WebApplication.CreateBuilder(["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        if (logging == HostLogging.None)
        {
            builder.Logging.ClearProviders();
        }

        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "all", ClusterId = "upstream", Match = new RouteMatch { Path = "{**catch-all}" } }],
            [new ClusterConfig
            {
                ClusterId = "upstream",
                Destinations = new Dictionary<string, DestinationConfig> { ["upstream"] = new() { Address = upstream } },
            }]);
        var app = builder.Build();
        app.MapReverseProxy();
        return app;
    }
}
