using Microsoft.AspNetCore.Builder;
using Strangler.Gateway.Hosting;

namespace Strangler.Gateway;

/// <summary>The ready-made gateway host, as <c>strangler gateway</c> runs it.</summary>
public static class GatewayApplication
{
    /// <summary>
    /// Builds the gateway from command-line arguments and the usual configuration sources (the
    /// <c>Strangler:Gateway</c> section: <c>RoutesDirectory</c>, <c>DefaultUpstream</c>, <c>AdminToken</c>,
    /// <c>ServedByHeader</c>, <c>AccessLog:Enabled</c>, ...), over production defaults that every source overrides:
    /// framework, YARP and HttpClient categories log at Warning, so a proxied request writes no log line unless the
    /// access log is on. <paramref name="configure"/> runs after the gateway's registrations, so it can replace
    /// services (e.g. <see cref="TimeProvider"/>) or add configuration.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        GatewayDefaults.AddTo(builder.Configuration);
        builder.Services.AddStranglerGateway();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapStranglerGateway();
        return app;
    }
}
