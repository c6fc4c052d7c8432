using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Strangler.Gateway.Fleet;

namespace Strangler.Gateway.Dashboard.Replicas;

/// <summary>The fleet panel's endpoint, <c>{PathBase}/ui/fleet</c> (behind the session filter of its group).</summary>
internal static class FleetPanelEndpoints
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/fleet", async Task<Results<Ok<FleetPanelDto>, Ok<SingleGatewayDto>>> (
            FleetRouteState fleet, TimeProvider time, CancellationToken ct) => fleet.Enabled
            ? TypedResults.Ok(await FleetPanelBuilder.BuildAsync(fleet, time, ct))
            : TypedResults.Ok(new SingleGatewayDto(Fleet: false)));
}
