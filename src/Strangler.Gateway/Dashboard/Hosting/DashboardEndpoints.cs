using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Dashboard.Api;
using Strangler.Gateway.Dashboard.Detail;
using Strangler.Gateway.Dashboard.Sessions;

namespace Strangler.Gateway.Dashboard.Hosting;

/// <summary>Maps the dashboard into the gateway; <c>MapStranglerGateway</c> calls it.</summary>
internal static class DashboardEndpoints
{
    /// <summary>
    /// Serves the dashboard page and its data endpoints under <c>Strangler:Dashboard:PathBase</c> (default
    /// <c>/_strangler</c>); maps nothing when <c>Strangler:Dashboard:Enabled</c> is false, so those paths answer 404.
    /// </summary>
    public static IEndpointRouteBuilder MapGatewayDashboard(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<DashboardOptions>>().Value;
        if (!options.Enabled)
        {
            return endpoints;
        }

        // At start, not at the first sign-in: where the session keys live is said (and a bad key setup fails) now.
        endpoints.ServiceProvider.GetRequiredService<DashboardKeyRing>();
        // Every dashboard path, the page included, on the configured hosts only (DashboardOptions.Hosts).
        var scope = endpoints.MapGroup("");
        if (options.Hosts.Count > 0)
        {
            scope.RequireHost([.. options.Hosts]);
        }

        AssetEndpoints.Map(scope, options.PathBase);
        var group = scope.MapGroup(options.PathBase);
        SessionEndpoints.Map(group, options.PathBase);
        DataEndpoints.Map(group);
        DetailEndpoints.Map(group);
        Shadow.ShadowDashboardEndpoints.Map(group);
        return endpoints;
    }
}
