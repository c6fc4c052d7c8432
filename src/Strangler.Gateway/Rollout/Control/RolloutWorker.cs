using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Fleet;

namespace Strangler.Gateway.Rollout.Control;

/// <summary>
/// Ticks the controller on <see cref="RolloutOptions.TickInterval"/>, only while this replica holds the fleet's
/// <c>rollout</c> lease, so in a fleet exactly one gateway evaluates and flips.
/// </summary>
internal sealed class RolloutWorker(RolloutController controller, IFleetLease lease, IOptions<RolloutOptions> options,
    TimeProvider time, ILogger<RolloutWorker> logger) : BackgroundService
{
    public const string LeaseName = "rollout";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TickInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!lease.IsHeld(LeaseName))
            {
                continue;
            }

            try
            {
                await controller.TickAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                RolloutLog.TickFailed(logger, ex);
            }
        }
    }
}
