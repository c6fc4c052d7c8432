using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Rollout.State;

namespace Strangler.Gateway.Rollout.Control;

/// <summary>
/// The rollout part of the admin API: <c>GET /rollout</c>, <c>GET /rollout/{subdomain}</c> and
/// <c>POST /rollout/{subdomain}/{start|pause|resume|abort}</c> with an optional body <c>{"actor", "reason"}</c>.
/// </summary>
internal static class RolloutApi
{
    public const string DefaultActor = "admin-api";

    public static void MapRolloutApi(this RouteGroupBuilder api)
    {
        api.MapGet("/rollout", async (RolloutController rollouts, CancellationToken ct) =>
            await rollouts.RefreshAsync(ct) is { } unavailable ? StoreUnavailable(unavailable)
                : Results.Json(new { rollouts = rollouts.List() }, RolloutJson.Compact));
        api.MapGet("/rollout/{subdomain}", async (string subdomain, RolloutController rollouts, CancellationToken ct) =>
            await rollouts.RefreshAsync(ct) is { } unavailable ? StoreUnavailable(unavailable)
                : rollouts.Status(subdomain) is { } view ? Results.Json(view, RolloutJson.Compact)
                // A read changes nothing anyway: "Request refused, nothing was changed" would suggest it might have.
                : Problem(StatusCodes.Status404NotFound, ["subdomain: " + rollouts.NoRoute(subdomain)], "Not found"));
        api.MapPost("/rollout/{subdomain}/{command}", CommandAsync);
    }

    /// <summary>Parses a command word; null when it is none of start, pause, resume, abort.</summary>
    public static RolloutCommand? ParseCommand(string text) => text switch
    {
        "start" => RolloutCommand.Start,
        "pause" => RolloutCommand.Pause,
        "resume" => RolloutCommand.Resume,
        "abort" => RolloutCommand.Abort,
        _ => null,
    };

    private static async Task<IResult> CommandAsync(HttpContext context, string subdomain, string command, RolloutController rollouts)
    {
        if (ParseCommand(command) is not { } parsed)
        {
            return Problem(StatusCodes.Status404NotFound, [$"command: unknown rollout command '{command}' (expected start, pause, resume or abort)"]);
        }

        string? actor = null, reason = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var (reader, bodyErrors) = await AdminRequestReader.ReadAsync(context.Request, ["actor", "reason"]);
            if (reader is null)
            {
                return Problem(StatusCodes.Status400BadRequest, [.. bodyErrors!.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")]);
            }

            actor = reader.String("actor", required: false);
            reason = reader.String("reason", required: false);
            if (reader.Errors.Count > 0)
            {
                return Problem(StatusCodes.Status400BadRequest, [.. reader.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")]);
            }
        }

        var result = await rollouts.ExecuteAsync(parsed, subdomain, actor ?? DefaultActor, reason, context.RequestAborted);
        return result.Succeeded ? Results.Json(result.View, RolloutJson.Compact) : Problem(result.Status, result.Errors);
    }

    /// <summary>
    /// A 503 for a fleet whose store cannot be reached: its rollout state cannot be told, and none is made up. In the
    /// dashboard's shape (<c>errors</c> a list of lines), which its page reads.
    /// </summary>
    public static IResult Unavailable(string error) => Results.Problem(title: "Rollout state unavailable", detail: error,
        statusCode: StatusCodes.Status503ServiceUnavailable, extensions: new Dictionary<string, object?> { ["errors"] = new[] { error } });

    // The admin API's shape of the same 503; the controller's line names its field ("rollout: ...").
    private static IResult StoreUnavailable(string error) =>
        AdminProblem.FromLines(StatusCodes.Status503ServiceUnavailable, "Rollout state unavailable", [error]);

    // The controller writes each refusal as "field: message"; the admin API answers them by field.
    private static IResult Problem(int status, IReadOnlyList<string> errors, string title = "Request refused, nothing was changed") =>
        AdminProblem.FromLines(status, title, errors);
}
