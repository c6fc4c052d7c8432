using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// Leases in the fleet's store: a row per job name with its holder and an expiry on the database's clock. A name is
/// contended for from the first time <see cref="IsHeld"/> asks about it; the holder renews every third of
/// <see cref="FleetOptions.LeaseDuration"/>, and when it stops renewing (crashed, cut off) the row expires and another
/// replica takes it. The holder counts its own hold from before each renewal was sent, minus a tenth, so it gives
/// up acting before the database could give the lease to anyone else. A lease's holder is the replica id, so a run
/// that does not hold its id (<see cref="ReplicaOwnership"/>: another process uses it, or its heartbeat has not claimed
/// it yet) takes none: it would hold the other's leases too, and two processes would run one fleet-wide job.
/// </summary>
internal sealed class StoreFleetLease(FleetRouteState fleet, ReplicaOwnership ownership, TimeProvider time, ILogger<StoreFleetLease> logger)
    : BackgroundService, IFleetLease
{
    private readonly ConcurrentDictionary<string, long> _heldUntil = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);

    private string Replica => fleet.Options.EffectiveReplicaId;

    private TimeSpan Duration => fleet.Options.LeaseDuration;

    public bool IsHeld(string name)
    {
        if (_heldUntil.TryAdd(name, 0))
        {
            _wake.Release();
            return false;
        }

        return time.GetTimestamp() < _heldUntil[name];
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!fleet.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var name in _heldUntil.Keys)
            {
                await RenewAsync(name, stoppingToken);
            }

            // Woken early when a new name is asked about, so a job's first lease does not wait a whole period.
            await _wake.WaitAsync(Duration / 3, stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!fleet.Enabled)
        {
            return;
        }

        // Hand over at once rather than after the expiry.
        foreach (var (name, until) in _heldUntil)
        {
            if (time.GetTimestamp() < until)
            {
                _heldUntil[name] = 0;
                try
                {
                    await fleet.Store.ReleaseLeaseAsync(name, Replica, cancellationToken);
                }
                catch (Exception ex) when (ex is DbException or IOException or TimeoutException or OperationCanceledException)
                {
                    // It expires on its own.
                }
            }
        }
    }

    private async Task RenewAsync(string name, CancellationToken stoppingToken)
    {
        var sentAt = time.GetTimestamp();
        var wasHeld = sentAt < _heldUntil[name];
        if (!ownership.Held)
        {
            _heldUntil[name] = 0;
            if (wasHeld)
            {
                FleetLog.LeaseLost(logger, name, Replica);
            }

            return;
        }

        try
        {
            if (await fleet.Store.TryAcquireLeaseAsync(name, Replica, Duration, stoppingToken))
            {
                _heldUntil[name] = sentAt + (long)(Duration.TotalSeconds * 0.9 * time.TimestampFrequency);
                if (!wasHeld)
                {
                    FleetLog.LeaseTaken(logger, name, Replica);
                }

                return;
            }

            _heldUntil[name] = 0;
            if (wasHeld)
            {
                FleetLog.LeaseLost(logger, name, Replica);
            }
        }
        catch (Exception ex) when (ex is DbException or IOException or TimeoutException)
        {
            // Unreachable store: the hold runs out on its own clock; nobody else can take it before then.
        }
    }
}
