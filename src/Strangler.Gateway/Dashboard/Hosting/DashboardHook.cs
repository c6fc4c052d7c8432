using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Gateway.Dashboard;

namespace Strangler.Gateway.Hosting;

/// <summary>
/// The dashboard's half of the gateway's <c>DashboardHook</c>: the gateway calls these partial methods from
/// <c>AddStranglerGateway</c> and <c>MapStranglerGateway</c>, so every gateway host serves the dashboard.
/// </summary>
internal static partial class DashboardHook
{
    static partial void AddServicesCore(IServiceCollection services) => services.AddStranglerDashboard();

    static partial void MapCore(IEndpointRouteBuilder endpoints) => endpoints.MapStranglerDashboard();
}
