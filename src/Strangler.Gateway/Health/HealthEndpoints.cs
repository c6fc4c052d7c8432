using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Health;

internal static class HealthEndpoints
{
    /// <summary>
    /// <c>/healthz</c>: the process answers. <c>/readyz</c>: a valid route table is serving (in a fleet: how fresh), and
    /// no other running gateway holds this replica's id.
    /// </summary>
    public static void MapGatewayHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        endpoints.MapGet("/readyz", (HttpContext context) =>
        {
            var store = context.RequestServices.GetRequiredService<RouteTableStore>();
            var state = context.RequestServices.GetRequiredService<FleetRouteState>();
            var fleet = FleetReadiness.Detail(state);
            return store.Current is null
                ? Results.Text("route table not loaded" + fleet, statusCode: StatusCodes.Status503ServiceUnavailable)
                : FleetReadiness.NotReady(state, context.RequestServices.GetRequiredService<ReplicaOwnership>()) is { } why
                    ? Results.Text("not ready: " + why + fleet, statusCode: StatusCodes.Status503ServiceUnavailable)
                    : Results.Text("ready" + fleet);
        });
    }
}
