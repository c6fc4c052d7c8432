using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Dashboard.Inventory;
using Strangler.Gateway.Dashboard.Replicas;
using Strangler.Gateway.Dashboard.Sessions;
using Strangler.Gateway.Dashboard.Steering;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Rollout.Control;

namespace Strangler.Gateway.Dashboard.Api;

/// <summary>
/// The page's JSON endpoints under <c>{PathBase}/ui</c>: read models (overview, series, history, inventory) and
/// steering (flip, rollback). All need a session; the steering ones also the CSRF header (see <see cref="SessionFilter"/>).
/// </summary>
internal static class DataEndpoints
{
    public const string Actor = "dashboard";

    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/ui").AddEndpointFilter<SessionFilter>().AddEndpointFilter(new FleetWriteGuard(errorsAsList: true));
        RolloutEndpoints.Map(group);
        FleetPanelEndpoints.Map(group);

        group.MapGet("/overview", (OverviewBuilder overview, CancellationToken ct) => overview.BuildAsync(ct));

        group.MapGet("/series", async Task<Results<Ok<SeriesDto>, ProblemHttpResult>> (
            int? minutes, SeriesBuilder series, CancellationToken ct) =>
        {
            var span = TimeSpan.FromMinutes(minutes ?? 60);
            if (span <= TimeSpan.Zero || span > SeriesBuilder.MaxSpan)
            {
                return Invalid($"minutes: must be from 1 to {SeriesBuilder.MaxSpan.TotalMinutes}, was '{minutes}'");
            }

            return TypedResults.Ok(await series.BuildAsync(span, ct));
        });

        group.MapGet("/history", (IRouteSteering steering, CancellationToken ct) => steering.HistoryAsync(ct));

        group.MapGet("/inventory", (EndpointInventory inventory, IOptions<DashboardOptions> options) =>
            new InventoryDto(options.Value.RetireAfterDays, inventory.Dropped, inventory.Snapshot()));

        // The admin API's reader and checks (duplicate fields included), with the actor fixed to the dashboard.
        group.MapPost("/flip", async Task<Results<Ok<SteeringAnswer>, ProblemHttpResult>> (
            HttpRequest request, IRouteSteering steering, RolloutController rollouts, CancellationToken ct) =>
        {
            var read = await RouteChangeRequests.ReadFlipAsync(request, Actor);
            return read.Value is { } flip
                ? Outcome(await TakenAsync(await steering.FlipAsync(flip with { Reason = flip.Reason.Trim() }, ct), rollouts, ct))
                : Invalid([.. read.Lines]);
        });

        group.MapPost("/rollback", async Task<Results<Ok<SteeringAnswer>, ProblemHttpResult>> (
            HttpRequest request, IRouteSteering steering, RolloutController rollouts, CancellationToken ct) =>
        {
            var read = await RouteChangeRequests.ReadRollbackAsync(request, Actor);
            return read.Value is { } rollback
                ? Outcome(await TakenAsync(await steering.RollbackAsync(rollback with { Reason = rollback.Reason.Trim() }, ct), rollouts, ct))
                : Invalid([.. read.Lines]);
        });
    }

    // A rollout the change takes over is paused before the page hears back, so the Rollouts panel it refreshes at once
    // shows what is served, not the step the rollout had set.
    private static async Task<SteeringResult> TakenAsync(SteeringResult result, RolloutController rollouts, CancellationToken ct)
    {
        if (result.Route is { Changed: true } route)
        {
            await rollouts.TakePersonsChangeAsync(route.Subdomain, ct);
        }

        return result;
    }

    private static Results<Ok<SteeringAnswer>, ProblemHttpResult> Outcome(SteeringResult result) =>
        result.Succeeded ? TypedResults.Ok(result.Route!) : Refused(result.Status, [.. result.Errors]);

    private static ProblemHttpResult Invalid(params string[] errors) => Refused(StatusCodes.Status400BadRequest, errors);

    private static ProblemHttpResult Refused(int status, string[] errors) => TypedResults.Problem(
        title: "Request refused, nothing was changed",
        detail: string.Join("; ", errors),
        statusCode: status,
        extensions: new Dictionary<string, object?> { ["errors"] = errors });
}
