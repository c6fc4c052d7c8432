using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Admin;

/// <summary>The admin API under <c>/_strangler/api</c>; every change goes through <see cref="RouteAdmin"/>.</summary>
internal static class AdminApi
{
    public const string Prefix = StranglerWire.AdminApi;

    public static void MapGatewayAdminApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix).AddEndpointFilter<AdminAuthFilter>().AddEndpointFilter(new FleetWriteGuard(errorsAsList: false));
        api.MapGet("/" + StranglerWire.Admin.Routes, (RouteAdmin admin) => Results.Json(admin.GetRoutes(), AdminJson.Options));
        api.MapGet("/" + StranglerWire.Admin.History, History);
        api.MapPost("/" + StranglerWire.Admin.Flip, FlipAsync);
        api.MapPost("/" + StranglerWire.Admin.Rollback, RollbackAsync);
        api.MapPost("/" + StranglerWire.Admin.Override, IssueOverrideAsync);
        RolloutApi.MapRolloutApi(api);
        api.MapShadowDiffs();
        // Anything else under the prefix is an admin mistake, not a request for the monolith.
        api.Map("/{**rest}", (HttpContext http, EndpointDataSource mapped) => AdminApiPaths.Unknown(http, mapped));
    }

    private static IResult History(RouteAdmin admin, string? subdomain)
    {
        var changes = admin.GetHistory(subdomain);
        return changes.Count == 0 && subdomain is not null && admin.UnknownSubdomain(subdomain) is { } unknown
            ? ToResult(unknown)
            : Results.Json(new { changes }, AdminJson.Options);
    }

    private static async Task<IResult> FlipAsync(HttpContext context, RouteAdmin admin, RolloutController rollouts)
    {
        var read = await RouteChangeRequests.ReadFlipAsync(context.Request);
        return read.Value is { } request
            ? ToResult(await TakenAsync(await admin.FlipAsync(request, context.RequestAborted), rollouts, context.RequestAborted))
            : Invalid(read.Errors);
    }

    private static async Task<IResult> RollbackAsync(HttpContext context, RouteAdmin admin, RolloutController rollouts)
    {
        var read = await RouteChangeRequests.ReadRollbackAsync(context.Request);
        return read.Value is { } request
            ? ToResult(await TakenAsync(await admin.RollbackAsync(request, context.RequestAborted), rollouts, context.RequestAborted))
            : Invalid(read.Errors);
    }

    // A rollout the change takes over is paused before the change answers, so `rollout status` read right after it
    // shows what is served, not the step the rollout had set (the next tick, up to TickInterval later, did it before).
    private static async Task<RouteAdminResult> TakenAsync(RouteAdminResult result, RolloutController rollouts, CancellationToken ct)
    {
        if (result is { Outcome: RouteAdminOutcome.Applied, Change: { } change })
        {
            await rollouts.TakePersonsChangeAsync(change.Subdomain, ct);
        }

        return result;
    }

    private static async Task<IResult> IssueOverrideAsync(HttpContext context, OverrideIssuer overrides)
    {
        var (reader, bodyErrors) = await AdminRequestReader.ReadAsync(context.Request, ["subdomain", "ttlSeconds"]);
        if (reader is null)
        {
            return Invalid(bodyErrors!);
        }

        var subdomain = reader.String("subdomain", required: true);
        var ttl = reader.Integer("ttlSeconds", required: false) ?? 3600;
        if (ttl is <= 0 or > int.MaxValue)
        {
            reader.Errors["ttlSeconds"] = ["must be a positive number of seconds"];
        }

        if (reader.Errors.Count > 0)
        {
            return Invalid(reader.Errors);
        }

        var grant = overrides.Issue(subdomain!, TimeSpan.FromSeconds(ttl), out var error);
        return grant is null ? ToResult(error!) : Results.Json(grant, AdminJson.Options);
    }

    private static IResult ToResult(RouteAdminResult result) => result.Outcome switch
    {
        RouteAdminOutcome.Applied => Answer(result.Change!, changed: true),
        RouteAdminOutcome.Unchanged => Answer(result.Change!, changed: false),
        RouteAdminOutcome.NotFound => Problem(StatusCodes.Status404NotFound, "Not found", result.Errors),
        RouteAdminOutcome.WriteFailed => Problem(StatusCodes.Status409Conflict, "Route file not writable", result.Errors),
        RouteAdminOutcome.Conflict => Problem(StatusCodes.Status409Conflict, "Conflict", result.Errors,
            new Dictionary<string, object?>
            {
                ["current"] = System.Text.Json.JsonSerializer.SerializeToElement(result.Current, AdminJson.Options),
                ["currentRevision"] = result.CurrentRevision,
            }),
        RouteAdminOutcome.Unavailable => Problem(StatusCodes.Status503ServiceUnavailable, "Route store unavailable", result.Errors),
        RouteAdminOutcome.ReplicaRefused => Problem(StatusCodes.Status503ServiceUnavailable, FleetWriteGuard.Title, result.Errors),
        _ => Problem(StatusCodes.Status400BadRequest, "Invalid request", result.Errors),
    };

    // The change's own fields, with "changed" first: one field tells a script a recorded change from a request for the
    // state the route already has (200 too, so that a script can ensure a state), which carries no revision of its own.
    private static IResult Answer(RouteChange change, bool changed)
    {
        var answer = System.Text.Json.JsonSerializer.SerializeToNode(change, AdminJson.Options)!.AsObject();
        answer.Insert(0, "changed", changed);
        if (!changed)
        {
            answer["detail"] = $"{change.Subdomain} is already {change.To} at revision {change.Revision}; nothing recorded";
        }

        return Results.Json(answer, AdminJson.Options);
    }

    private static IResult Problem(int status, string title, IReadOnlyList<RouteValidationError> errors,
        IDictionary<string, object?>? extensions = null) =>
        Results.ValidationProblem(
            errors.GroupBy(e => e.File.Length == 0 ? e.Field : $"{e.File}: {e.Field}")
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            detail: string.Join("; ", errors.Select(e => e.File.Length == 0 ? $"{e.Field}: {e.Message}" : e.ToString())),
            title: title, statusCode: status, extensions: extensions);

    private static IResult Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, detail: string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")),
            title: "Invalid request", statusCode: StatusCodes.Status400BadRequest);
}
