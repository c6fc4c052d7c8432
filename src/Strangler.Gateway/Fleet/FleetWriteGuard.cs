using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// Refuses every state-changing request (anything but GET and HEAD) to the admin API or the dashboard's data endpoints
/// while this replica is refused its id (<see cref="FleetWrites"/>): 503 with Retry-After, before the handler runs, so
/// no write path (a flip, a rollback, a rollout command, one added later) can commit to the fleet's store from a
/// process the fleet does not count. Runs after the authentication filter: only an admin learns who holds the id.
/// Route changes are checked again where they commit (<c>RouteAdmin</c>), for the rollout's own flips, which do not
/// come through HTTP; a person's rollout commands come only through the two guarded groups.
/// </summary>
/// <param name="errorsAsList">The dashboard's problem shape (<c>errors</c> a list of lines) rather than the admin
/// API's (<c>errors</c> by field).</param>
internal sealed class FleetWriteGuard(bool errorsAsList) : IEndpointFilter
{
    public const string Title = "This replica changes nothing in the fleet";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            || http.RequestServices.GetService<FleetRouteState>() is not { } fleet
            || http.RequestServices.GetService<ReplicaOwnership>() is not { } ownership
            || FleetWrites.Refusal(fleet, ownership) is not { } refused)
        {
            return await next(context);
        }

        http.Response.Headers.RetryAfter = FleetWrites.RetryAfterSeconds(fleet);
        object errors = errorsAsList ? new[] { $"replica: {refused}" } : new Dictionary<string, string[]> { ["replica"] = [refused] };
        return Results.Problem(title: Title, detail: $"replica: {refused}", statusCode: StatusCodes.Status503ServiceUnavailable,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = errors,
                ["replicaId"] = fleet.Options.EffectiveReplicaId,
                ["holder"] = ownership.Conflict?.Describe(),
                ["setting"] = FleetOptions.SectionName + ":ReplicaId",
            });
    }
}
