using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Health;

internal static class HealthEndpoints
{
    /// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: a valid route table is serving (in a fleet: how fresh).</summary>
    public static void MapGatewayHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        endpoints.MapGet("/readyz", (HttpContext context) =>
        {
            var store = context.RequestServices.GetRequiredService<RouteTableStore>();
            var fleet = FleetReadiness.Detail(context.RequestServices.GetRequiredService<FleetRouteState>());
            return store.Current is null
                ? Results.Text("route table not loaded" + fleet, statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Text("ready" + fleet);
        });
    }
}
