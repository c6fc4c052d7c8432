using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Dashboard.Hosting;
using Strangler.Gateway.Health;
using Strangler.Gateway.Hosting;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway;

/// <summary>Endpoint entry point for hosting the gateway in your own ASP.NET Core app.</summary>
public static class GatewayEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c>, the admin API under <c>/_strangler/api</c>, the dashboard
    /// (unless <c>Strangler:Dashboard:Enabled</c> is false), and, for every other path, the proxy. Call after your own endpoints or not: more specific
    /// endpoints always win over the proxy's catch-all.
    /// </summary>
    public static IEndpointRouteBuilder MapStranglerGateway(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var options = services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        if (string.IsNullOrEmpty(options.OverrideSigningKey))
        {
            StartNotices.WhenStarted(services, () => GatewayLog.RandomOverrideKey(services.GetRequiredService<ILoggerFactory>().CreateLogger<GatewayProxy>()));
        }

        if (!services.GetRequiredService<AdminTokenSource>().Configured)
        {
            // Off is the safe side, but an unset variable ("$STRANGLER_ADMIN_TOKEN" empty) looks the same: say so.
            StartNotices.WhenStarted(services, () => GatewayLog.AdminApiOff(services.GetRequiredService<ILoggerFactory>().CreateLogger<AdminTokenSource>()));
        }

        endpoints.MapGatewayHealth();
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
        endpoints.MapGatewayAdminApi();
        endpoints.MapGatewayDashboard();
        // The gateway's own namespace never reaches an upstream.
        endpoints.Map("/_strangler/{**rest}", () => Results.NotFound());
        var proxy = endpoints.ServiceProvider.GetRequiredService<GatewayProxy>();
        endpoints.Map("/{**path}", proxy.InvokeAsync);
        return endpoints;
    }
}
