using Microsoft.AspNetCore.Builder;
using Yarp.ReverseProxy.Configuration;

namespace Strangler.Benchmarks.Hosts;

/// <summary>The baseline: YARP with one catch-all route and nothing else, the floor the gateway is measured against.</summary>
internal static class BareYarpHost
{
    public static WebApplication Create(string upstream)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
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
