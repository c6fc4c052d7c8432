using System.Data.Common;
using Strangler.Gateway.Fleet;

namespace Strangler.Gateway.Dashboard.Replicas;

/// <summary>
/// Builds the fleet panel from this replica's <see cref="FleetRouteState"/> and the store's heartbeats, flagging a
/// replica serving an older revision than the store's (behind), not heard from for three heartbeats (silent), or for
/// longer than <see cref="FleetOptions.ReplicaGoneAfter"/> (gone: the rollout gates no longer wait for it), and one
/// that stopped cleanly (left: neither behind, silent nor gone), and one whose id another process was refused within
/// the silent window (duplicate: the same explicit id configured twice), like <c>strangler routes replicas</c>.
/// </summary>
internal static class FleetPanelBuilder
{
    /// <summary>Sync intervals missed before this replica's own state is flagged stale.</summary>
    private const int StaleAfterIntervals = 3;

    /// <summary>The panel; only with a fleet store (<see cref="FleetRouteState.Enabled"/>).</summary>
    public static async Task<FleetPanelDto> BuildAsync(FleetRouteState fleet, TimeProvider time, CancellationToken cancellationToken)
    {
        var options = fleet.Options;
        var age = fleet.AgeSeconds;
        var staleAfter = StaleAfterIntervals * Math.Max(options.KeepAliveInterval.TotalSeconds, options.PollInterval.TotalSeconds);
        var silentAfter = ReplicaClaim.FreshFor(options);
        var panel = new FleetPanelDto
        {
            Fleet = true,
            ReplicaId = options.EffectiveReplicaId,
            ServedRevision = fleet.ServedRevision,
            Source = fleet.Source,
            AgeSeconds = age,
            StoreError = fleet.StoreError,
            Stale = fleet.StoreError is not null || age is null || age > staleAfter,
            SilentAfterSeconds = silentAfter.TotalSeconds,
            GoneAfterSeconds = options.ReplicaGoneAfter.TotalSeconds,
        };

        try
        {
            var revision = await fleet.Store.ReadRevisionAsync(cancellationToken);
            var heartbeats = await fleet.Store.ReadReplicasAsync(cancellationToken);
            var localNow = time.GetUtcNow();
            return panel with
            {
                StoreRevision = revision,
                // Last seen, left and refused are by the store's clock: counted from this gateway's, a clock some
                // seconds ahead of the store's flagged every replica silent.
                Replicas = [.. heartbeats.Select(h => Replica(h, revision, h.Now(localNow), silentAfter, options))],
            };
        }
        catch (Exception ex) when (ex is DbException or IOException or TimeoutException or InvalidOperationException or InvalidDataException)
        {
            // The connection string never reaches the page: only the driver's message, which does not carry it.
            return panel with { ReplicasError = "the route store cannot be read: " + ex.Message.ReplaceLineEndings(" ") };
        }
    }

    private static FleetReplicaDto Replica(ReplicaHeartbeat h, long revision, DateTimeOffset now, TimeSpan silentAfter, FleetOptions options)
    {
        var quiet = now - h.LastSeen;
        var left = h.LeftAt is not null;
        var gone = !left && quiet > options.ReplicaGoneAfter;
        var duplicate = h.RecentlyRefused(now, silentAfter);
        return new FleetReplicaDto(h.ReplicaId, h.Address, h.Revision, h.LastSync, h.LastSeen, Math.Max(0, quiet.TotalSeconds),
            Behind: !left && h.Revision < revision, Silent: !left && !gone && quiet > silentAfter, Self: h.ReplicaId == options.EffectiveReplicaId,
            Gone: gone, Left: left, LeftAt: h.LeftAt, h.Host, h.ProcessId, h.StartedAt,
            // The start is by the holder's clock: one running ahead of the store's would show a negative age.
            SecondsSinceStart: h.StartedAt is { } started ? Math.Max(0, (now - started).TotalSeconds) : null,
            Duplicate: duplicate, RefusedHost: duplicate ? h.RefusedHost : null, RefusedProcessId: duplicate ? h.RefusedProcessId : null,
            RefusedAt: duplicate ? h.RefusedAt : null,
            SecondsSinceRefused: duplicate ? Math.Max(0, (now - h.RefusedAt!.Value).TotalSeconds) : null);
    }
}
