using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Strangler.Gateway.Hosting;

/// <summary>
/// Where the dashboard (src/Strangler.Gateway/Dashboard/, another branch) plugs in without this code depending on it:
/// it implements these partial methods in its own file (e.g. <c>MapCore(e) =&gt; e.MapStranglerDashboard()</c>).
/// Unimplemented partial methods compile to nothing, so the gateway builds with or without the dashboard.
/// </summary>
internal static partial class DashboardHook
{
    public static void AddServices(IServiceCollection services) => AddServicesCore(services);

    public static void Map(IEndpointRouteBuilder endpoints) => MapCore(endpoints);

    static partial void AddServicesCore(IServiceCollection services);

    static partial void MapCore(IEndpointRouteBuilder endpoints);
}
