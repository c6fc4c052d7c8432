using Strangler.Gateway.Admin;
using Strangler.Gateway.Dashboard.Steering;

namespace Strangler.Dashboard.Tests.Infrastructure;

/// <summary>
/// The gateway's own route steering, whose history read can be made to throw: the real endpoint then answers a real
/// 500, as it would on a fault the gateway did not expect. The exception's message carries a secret-looking text that
/// must never reach the page.
/// </summary>
internal sealed class BreakableHistory(IRouteSteering real) : IRouteSteering
{
    public const string SecretInTheFault = "Password=s3cret-from-the-fault";

    public volatile bool Broken;

    public Task<RouteListing> ListAsync(CancellationToken cancellationToken) => real.ListAsync(cancellationToken);

    public Task<IReadOnlyList<RouteChangeView>> HistoryAsync(CancellationToken cancellationToken) => Broken
        ? throw new InvalidOperationException($"history store unreadable ({SecretInTheFault})")
        : real.HistoryAsync(cancellationToken);

    public Task<SteeringResult> FlipAsync(FlipRequest request, CancellationToken cancellationToken) =>
        real.FlipAsync(request, cancellationToken);

    public Task<SteeringResult> RollbackAsync(RollbackRequest request, CancellationToken cancellationToken) =>
        real.RollbackAsync(request, cancellationToken);
}
