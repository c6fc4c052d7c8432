using System.Data.Common;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// Writes this replica's heartbeat (id, address, the revision it serves, its last sync) every
/// <see cref="FleetOptions.HeartbeatInterval"/>, so <c>strangler routes replicas</c> can list the fleet and flag a
/// replica left behind. A replica that stops cleanly marks its heartbeat as left (<see cref="FleetLeave"/>); each write
/// also deletes the heartbeats of replicas that left longer than <see cref="FleetLeave.KeepLeft"/> ago, and of those not
/// heard from for <see cref="FleetOptions.ForgetReplicaAfter"/> (crashed and never back): no other job is needed.
/// </summary>
internal sealed class FleetHeartbeat(FleetRouteState fleet, IServiceProvider services, TimeProvider time,
    ILogger<FleetHeartbeat> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!fleet.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(fleet.Options.HeartbeatInterval, time);
        do
        {
            try
            {
                await fleet.Store.WriteHeartbeatAsync(new ReplicaHeartbeat
                {
                    ReplicaId = fleet.Options.EffectiveReplicaId, Address = Address(), Revision = fleet.ServedRevision,
                    LastSync = fleet.LastSync, LastSeen = time.GetUtcNow(),
                }, FleetLeave.KeepLeft(fleet.Options), fleet.Options.ForgetReplicaAfter, stoppingToken);
            }
            catch (Exception ex) when (ex is DbException or IOException or TimeoutException or InvalidOperationException)
            {
                FleetLog.HeartbeatFailed(logger, ex.Message.ReplaceLineEndings(" "));
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (fleet.Enabled)
        {
            await FleetLeave.MarkAsync(fleet, "heartbeat", fleet.Store.LeaveHeartbeatAsync, logger, cancellationToken);
        }
    }

    private string Address() =>
        !string.IsNullOrWhiteSpace(fleet.Options.Address)
            ? fleet.Options.Address
            : services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "";
}
