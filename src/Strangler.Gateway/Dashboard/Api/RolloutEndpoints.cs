using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Rollout.State;

namespace Strangler.Gateway.Dashboard.Api;

/// <summary>
/// The rollout panel's endpoints under <c>{PathBase}/ui</c>: the rollouts with the seconds to each one's next
/// evaluation (from the gateway's clock, so a browser's skewed clock does not matter), and the four commands, run as
/// the <c>dashboard</c> actor through the same controller as the admin API and the CLI.
/// </summary>
internal static class RolloutEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/rollouts", async (RolloutController rollouts, TimeProvider time, CancellationToken ct) =>
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

    private static IResult Refused(int status, IReadOnlyList<string> errors) => Results.Problem(
        title: "Request refused, nothing was changed", detail: string.Join("; ", errors), statusCode: status,
        extensions: new Dictionary<string, object?> { ["errors"] = errors });
}
