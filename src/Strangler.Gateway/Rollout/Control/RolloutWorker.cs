using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Rollout.State;

namespace Strangler.Gateway.Rollout.Control;

/// <summary>
/// Ticks the controller on <see cref="RolloutOptions.TickInterval"/>, only while this replica holds the fleet's
/// <c>rollout</c> lease, so in a fleet exactly one gateway evaluates and flips. The others re-read the shared state on
/// the same beat, so their metrics and dashboards follow it. A tick whose state cannot be read is skipped, never run on
/// what this replica saw last (the store logs the outage once, and <c>strangler.rollout.store_available</c> drops to 0).
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
            try
            {
                if (!lease.IsHeld(LeaseName))
                {
                    await controller.RefreshAsync(stoppingToken);
                    continue;
                }

                await controller.TickAsync(stoppingToken);
            }
            catch (RolloutStoreUnavailableException)
            {
                // Logged once per outage by the store; the next tick tries again.
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                RolloutLog.TickFailed(logger, ex);
            }
        }
    }
}
