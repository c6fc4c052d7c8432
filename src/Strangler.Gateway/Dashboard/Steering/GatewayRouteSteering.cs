using Microsoft.AspNetCore.Http;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Dashboard.Steering;

/// <summary>
/// Steers through the gateway's <see cref="RouteAdmin"/>, the same service behind the admin API, so a flip from the
/// page writes the route file and lands in the one audit trail exactly like an API or CLI flip.
/// </summary>
internal sealed class GatewayRouteSteering(RouteAdmin admin) : IRouteSteering
{
    public Task<RouteListing> ListAsync(CancellationToken cancellationToken)
    {
        var overview = admin.GetRoutes();
        var changes = LastChanges(overview.Routes);
        var routes = overview.Routes
            .Select(r => new RouteView(r.Route.Name, RouteModes.ToText(r.Route.Mode), r.Route.CanaryPercentage, r.Route.Revision,
                changes.GetValueOrDefault(r.Route.Name)))
            .ToList();
        // Each error on its own: the messages hold "; " themselves, so joined they could not be told apart.
        var errors = overview.LastLoadError?.Errors.Select(e => e.ToString()).ToList();
        return Task.FromResult(new RouteListing(routes, errors, overview.LastLoadError?.At, overview.Loaded));
    }

    public Task<IReadOnlyList<RouteChangeView>> HistoryAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RouteChangeView>>(admin.GetHistory().Select(View).ToList());

    public async Task<SteeringResult> FlipAsync(FlipRequest request, CancellationToken cancellationToken) =>
        Convert(await admin.FlipAsync(request, cancellationToken));

    public async Task<SteeringResult> RollbackAsync(RollbackRequest request, CancellationToken cancellationToken) =>
        Convert(await admin.RollbackAsync(request, cancellationToken));

    private static RouteChangeView View(RouteChange c) =>
        new(c.Revision, c.Subdomain, c.Action, c.Actor, c.At, c.From, c.To, c.Reason);

    // Newest first, stopping once every route has its entry: the history only grows, the routes are few.
    private Dictionary<string, RouteChangeView> LastChanges(IReadOnlyList<RouteStatus> routes)
    {
        var serving = routes.ToDictionary(r => r.Route.Name, r => r.Route.Revision, StringComparer.Ordinal);
        var found = new Dictionary<string, RouteChangeView>(StringComparer.Ordinal);
        var history = admin.GetHistory();
        for (var i = history.Count - 1; i >= 0 && found.Count < serving.Count; i--)
        {
            var change = history[i];
            if (serving.TryGetValue(change.Subdomain, out var revision) && change.Revision == revision && !found.ContainsKey(change.Subdomain))
            {
                found[change.Subdomain] = View(change);
            }
        }

        return found;
    }

    private static SteeringResult Convert(RouteAdminResult result)
    {
        if (result is { Outcome: RouteAdminOutcome.Applied or RouteAdminOutcome.Unchanged, Change.Route: { } route })
        {
            return SteeringResult.Ok(new SteeringAnswer(route.Name, RouteModes.ToText(route.Mode), route.CanaryPercentage, route.Revision,
                Changed: result.Outcome == RouteAdminOutcome.Applied));
        }

        var status = result.Outcome switch
        {
            RouteAdminOutcome.NotFound => StatusCodes.Status404NotFound,
            RouteAdminOutcome.WriteFailed or RouteAdminOutcome.Conflict => StatusCodes.Status409Conflict,
            RouteAdminOutcome.Unavailable or RouteAdminOutcome.ReplicaRefused => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status400BadRequest,
        };
        return SteeringResult.Refused(status,
            [.. result.Errors.Select(e => e.File.Length == 0 ? $"{e.Field}: {e.Message}" : e.ToString())]);
    }
}
