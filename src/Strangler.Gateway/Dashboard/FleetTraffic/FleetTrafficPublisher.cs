using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Strangler.Gateway.Fleet;

namespace Strangler.Gateway.Dashboard.FleetTraffic;

/// <summary>
/// Publishes this replica's rolling traffic figures to the fleet store every
/// <see cref="FleetOptions.TrafficPublishInterval"/>: one row per replica, upserted, a few hundred bytes per route.
/// Stopping cleanly, it publishes its final figures marked as left (<see cref="FleetLeave"/>): the rollout lease holder
/// keeps summing them for the rest of their window, and the replica is left, not silent. Only while this run holds its
/// replica id (<see cref="ReplicaOwnership"/>): a second process under the same id would replace the holder's figures
/// and gate slots with its own, and the fleet's sums would mix the two under one name.
/// </summary>
internal sealed class FleetTrafficPublisher(FleetTrafficSource traffic, FleetRouteState fleet, ReplicaOwnership ownership, TimeProvider time,
    ILogger<FleetTrafficPublisher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!traffic.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(fleet.Options.TrafficPublishInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!ownership.Held)
            {
                continue;
            }

            try
            {
                await traffic.PublishAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is DbException or IOException or TimeoutException or InvalidOperationException)
            {
                FleetLog.TrafficNotPublished(logger, ex.Message.ReplaceLineEndings(" "));
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (traffic.Enabled && ownership.Held)
        {
            // After the loop stopped, so no later publication clears the mark; with what it served since the last one.
            await FleetLeave.MarkAsync(fleet, "final traffic figures", (_, token) => traffic.LeaveAsync(token), logger, cancellationToken);
        }
    }
}
