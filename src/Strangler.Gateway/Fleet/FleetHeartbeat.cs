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
/// Each write first asks who holds the row (<see cref="ReplicaClaim"/>): a row another running process holds under the
/// same id is not overwritten, and this replica stays refused (<see cref="ReplicaOwnership"/>), saying so in the log
/// and on <c>/readyz</c>. It stays up rather than fail its start: the holder may be a predecessor on another host that
/// died, whose row falls silent and is then taken over without anyone acting, and whether the id is taken cannot be
/// told while the store is unreachable, which the fleet otherwise rides out.
/// </summary>
internal sealed class FleetHeartbeat(FleetRouteState fleet, ReplicaOwnership ownership, IServiceProvider services, TimeProvider time,
    ILogger<FleetHeartbeat> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!fleet.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before the beat, so a revision served while it is written is reported by the next one.
            var served = fleet.NextServed;
            try
            {
                await BeatAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is DbException or IOException or TimeoutException or InvalidOperationException)
            {
                FleetLog.HeartbeatFailed(logger, ex.Message.ReplaceLineEndings(" "));
                ownership.MarkUnanswered();
            }

            await NextBeatAsync(served, stoppingToken);
        }
    }

    // A new revision is reported at once rather than up to an interval later: `strangler routes replicas` run just
    // after a flip or an apply flagged every replica BEHIND (exit 3) for up to 5 s while all of them already served it.
    private async Task NextBeatAsync(Task served, CancellationToken stoppingToken)
    {
        using var interval = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        await Task.WhenAny(Task.Delay(fleet.Options.HeartbeatInterval, time, interval.Token), served);
        await interval.CancelAsync();
    }

    private async Task BeatAsync(CancellationToken stoppingToken)
    {
        var replica = fleet.Options.EffectiveReplicaId;
        var run = ownership.Run;
        var holder = await fleet.Store.ReadReplicaHolderAsync(replica, stoppingToken);
        if (ReplicaClaim.Decide(holder, run, ReplicaClaim.FreshFor(fleet.Options), ownership.Claims == 0) is not { } why)
        {
            if (ownership.MarkRefused(holder!))
            {
                FleetLog.ReplicaIdInUse(logger, replica, holder!.Describe(), run.RunId, run.Host, run.ProcessId,
                    ReplicaIdAdvice.HowToPickAnother(replica, fleet.Options.DefaultId));
            }

            // At every refused beat, so the note stays recent while this process keeps trying: without it the operator
            // listing replicas saw one healthy replica and no sign of this one.
            await fleet.Store.NoteRefusedAsync(replica, run, stoppingToken);
            return;
        }

        var written = await fleet.Store.WriteHeartbeatAsync(new ReplicaHeartbeat
        {
            ReplicaId = replica, Address = Address(), Revision = fleet.ServedRevision, LastSync = fleet.LastSync, LastSeen = time.GetUtcNow(),
        }, run, holder?.RunId, FleetLeave.KeepLeft(fleet.Options), fleet.Options.ForgetReplicaAfter, stoppingToken);
        if (!written)
        {
            // Another run took the row between the read and the write: the next beat reads who, and refuses.
            return;
        }

        ownership.MarkHeld();
        if (holder is { RunId: { } previous } && previous != run.RunId)
        {
            FleetLog.ReplicaRowTakenOver(logger, replica, holder.Describe(), why);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (fleet.Enabled && ownership.Held)
        {
            await FleetLeave.MarkAsync(fleet, "heartbeat", (replica, token) => fleet.Store.LeaveHeartbeatAsync(replica, ownership.Run.RunId, token),
                logger, cancellationToken);
        }
    }

    private string Address() =>
        !string.IsNullOrWhiteSpace(fleet.Options.Address)
            ? fleet.Options.Address
            : services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "";
}
