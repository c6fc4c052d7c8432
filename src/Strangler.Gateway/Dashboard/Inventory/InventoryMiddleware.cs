using Microsoft.AspNetCore.Http;
using Strangler.Gateway.Metrics;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Dashboard.Inventory;

/// <summary>
/// Learns endpoints from proxied traffic: hands the proxy a <see cref="ForwardingOutcomes"/> in the request's features
/// and, once the gateway has answered, records every side that served the request under its folded path.
/// Requests the gateway did not proxy (the dashboard, health, metrics) leave it empty and are not recorded.
/// </summary>
internal sealed class InventoryMiddleware(RequestDelegate next, EndpointInventory inventory)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var outcomes = new ForwardingOutcomes();
        context.Features.Set(outcomes);
        try
        {
            await next(context);
        }
        finally
        {
            if (outcomes.Count > 0)
            {
                var template = PathTemplate.Fold(context.Request.Path.Value);
                for (var i = 0; i < outcomes.Count; i++)
                {
                    var (subdomain, side, status) = outcomes[i];
                    inventory.Record(subdomain, context.Request.Method, template, GatewayMetrics.SideText(side), status);
                }
            }
        }
    }
}
