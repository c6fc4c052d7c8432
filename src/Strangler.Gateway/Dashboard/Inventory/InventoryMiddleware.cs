using Microsoft.AspNetCore.Http;

namespace Strangler.Gateway.Dashboard.Inventory;

/// <summary>
/// Learns endpoints from proxied traffic: opens a <see cref="RequestObservation"/> around the rest of the pipeline
/// and, once the gateway has answered, records every side that served the request under its folded path.
/// Requests the gateway did not proxy (the dashboard, health, metrics) produce no observation and are not recorded.
/// </summary>
internal sealed class InventoryMiddleware(RequestDelegate next, EndpointInventory inventory)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var observation = RequestObservation.Begin();
        try
        {
            await next(context);
        }
        finally
        {
            RequestObservation.End();
            var outcomes = observation.Outcomes;
            if (outcomes.Count > 0)
            {
                var template = PathTemplate.Fold(context.Request.Path.Value);
                foreach (var (subdomain, side, status) in outcomes)
                {
                    inventory.Record(subdomain, context.Request.Method, template, side, status);
                }
            }
        }
    }
}
