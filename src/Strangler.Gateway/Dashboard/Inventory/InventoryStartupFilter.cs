using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace Strangler.Gateway.Dashboard.Inventory;

/// <summary>
/// Puts the inventory middleware first in the pipeline, so it wraps the proxy endpoint however the host orders the
/// rest; the gateway maps endpoints only and never has to know about it. Nothing is added when the dashboard is off.
/// </summary>
internal sealed class InventoryStartupFilter(IOptions<DashboardOptions> options) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        if (options.Value.Enabled)
        {
            app.UseMiddleware<InventoryMiddleware>();
        }

        next(app);
    };
}
