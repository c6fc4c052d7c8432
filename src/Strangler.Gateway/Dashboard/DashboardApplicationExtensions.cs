using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Dashboard.Api;
using Strangler.Gateway.Dashboard.Hosting;
using Strangler.Gateway.Dashboard.Sessions;

namespace Strangler.Gateway.Dashboard;

/// <summary>Maps the migration dashboard into a gateway host.</summary>
public static class DashboardApplicationExtensions
{
    /// <summary>
    /// Serves the dashboard page and its data endpoints under <c>Strangler:Dashboard:PathBase</c> (default
    /// <c>/_strangler</c>). The gateway's <c>MapStranglerGateway</c> already calls this; call it yourself only in a
    /// custom host that registered <see cref="DashboardServiceCollectionExtensions.AddStranglerDashboard"/>.
    /// </summary>
    public static IEndpointRouteBuilder MapStranglerDashboard(this IEndpointRouteBuilder endpoints)
    {
        var pathBase = endpoints.ServiceProvider.GetRequiredService<IOptions<DashboardOptions>>().Value.PathBase;
        // At start, not at the first sign-in: where the session keys live is said (and a bad key setup fails) now.
        endpoints.ServiceProvider.GetRequiredService<DashboardKeyRing>();
        AssetEndpoints.Map(endpoints, pathBase);
        var group = endpoints.MapGroup(pathBase);
        SessionEndpoints.Map(group, pathBase);
        DataEndpoints.Map(group);
        Shadow.ShadowDashboardEndpoints.Map(group);
        return endpoints;
    }
}
