using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Dashboard.Api;
using Strangler.Gateway.Dashboard.Hosting;
using Strangler.Gateway.Dashboard.Inventory;
using Strangler.Gateway.Dashboard.Sessions;

namespace Strangler.Gateway.Dashboard;

/// <summary>Maps the migration dashboard into a gateway's request pipeline.</summary>
public static class DashboardApplicationExtensions
{
    /// <summary>
    /// Serves the dashboard page and its data endpoints under <c>Strangler:Dashboard:PathBase</c> (default
    /// <c>/_strangler</c>) and adds the inventory middleware that learns endpoints from proxied traffic. Call it before
    /// the proxy is mapped so the middleware wraps every proxied request.
    /// </summary>
    public static WebApplication MapStranglerDashboard(this WebApplication app)
    {
        app.UseStranglerInventory();
        var pathBase = app.Services.GetRequiredService<IOptions<DashboardOptions>>().Value.PathBase;
        AssetEndpoints.Map(app, pathBase);
        var group = app.MapGroup(pathBase);
        SessionEndpoints.Map(group, pathBase);
        DataEndpoints.Map(group);
        return app;
    }

    /// <summary>
    /// Adds only the endpoint-inventory middleware, for hosts that order their pipeline themselves; it must run before
    /// the proxy so it sees the gateway's measurements of each request.
    /// </summary>
    public static IApplicationBuilder UseStranglerInventory(this IApplicationBuilder app) =>
        app.UseMiddleware<InventoryMiddleware>();
}
