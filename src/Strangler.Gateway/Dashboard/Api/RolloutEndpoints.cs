using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strangler.Gateway.Breakers;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Rollout.Gates;
using Strangler.Gateway.Rollout.State;

namespace Strangler.Gateway.Dashboard.Api;

/// <summary>
/// The rollout panel's endpoints under <c>{PathBase}/ui</c>: the rollouts with the seconds to each one's next
/// evaluation (from the gateway's clock, so a browser's skewed clock does not matter), and the four commands, run as
/// the <c>dashboard</c> actor through the same controller as the admin API and the CLI. Each rollout says whether the
/// breaker its last evaluation failed on has closed since, so the card does not show that failure as the present.
/// </summary>
internal static class RolloutEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/rollouts", async (RolloutController rollouts, BreakerRegistry breakers, FleetRouteState fleet, TimeProvider time,
            CancellationToken ct) =>
        {
            if (await rollouts.RefreshAsync(ct) is { } unavailable)
            {
                return RolloutApi.Unavailable(unavailable);
            }

            var now = time.GetUtcNow();
            return Results.Json(new
            {
                generatedAt = now,
                rollouts = rollouts.List().Select(view => new
                {
                    view,
                    nextEvaluationInSeconds = view.State is { Status: Rollout.State.RolloutStatus.Running } state
                        ? Math.Max(0, (state.NextEvaluationAt - now).TotalSeconds) : (double?)null,
                    breakerClosedSince = BreakerClosedSince(view, breakers, fleet),
                }),
            }, RolloutJson.Compact);
        });

        group.MapPost("/rollout/{subdomain}/{command}", async (string subdomain, string command, RolloutCommandBody? body,
            RolloutController rollouts, CancellationToken ct) =>
        {
            if (RolloutApi.ParseCommand(command) is not { } parsed)
            {
                return Refused(StatusCodes.Status404NotFound, [$"command: unknown rollout command '{command}'"]);
            }

            var result = await rollouts.ExecuteAsync(parsed, subdomain, DataEndpoints.Actor, body?.Reason, ct);
            return result.Succeeded ? Results.Json(result.View, RolloutJson.Compact) : Refused(result.Status, result.Errors);
        });
    }

    // In a fleet the breaker the error gate judged is the lease holder's, which may not be this replica: only a lone
    // gateway can tell that the breaker of its last evaluation has closed.
    private static bool BreakerClosedSince(RolloutView view, BreakerRegistry breakers, FleetRouteState fleet) =>
        !fleet.Enabled
        && view.State?.Evaluations is [.., var last]
        && last.Gates.Any(g => g.Outcome == GateOutcome.Fail && g.Detail == ErrorRateGate.BreakerOpen)
        && breakers.Read(view.Subdomain).State == BreakerState.Closed;

    private static IResult Refused(int status, IReadOnlyList<string> errors) => Results.Problem(
        title: "Request refused, nothing was changed", detail: string.Join("; ", errors), statusCode: status,
        extensions: new Dictionary<string, object?> { ["errors"] = errors });
}
