using Strangler.Gateway.Admin;

namespace Strangler.Gateway.Dashboard.Steering;

/// <summary>
/// What the dashboard needs from the gateway's route administration. The implementation delegates to the same
/// service the admin API uses, so flips from the page land in the one audit trail.
/// </summary>
internal interface IRouteSteering
{
    Task<RouteListing> ListAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<RouteChangeView>> HistoryAsync(CancellationToken cancellationToken);

    Task<SteeringResult> FlipAsync(FlipRequest request, CancellationToken cancellationToken);

    Task<SteeringResult> RollbackAsync(RollbackRequest request, CancellationToken cancellationToken);
}
