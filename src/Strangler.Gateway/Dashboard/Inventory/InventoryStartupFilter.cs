using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Strangler.Gateway.Dashboard.Inventory;

/// <summary>
/// Puts the inventory middleware first in the pipeline, so it wraps the proxy endpoint however the host orders the
/// rest; the gateway maps endpoints only and never has to know about it.
/// </summary>
internal sealed class InventoryStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<InventoryMiddleware>();
        next(app);
    };
}
