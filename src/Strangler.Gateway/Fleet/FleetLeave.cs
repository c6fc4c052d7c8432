using System.Data.Common;
using Microsoft.Extensions.Logging;
using Strangler.Gateway.Dashboard.FleetTraffic;
using Strangler.Gateway.Rollout.FleetGates;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// A replica's clean exit from the fleet: as it stops, each of its rows in the store is marked as left by the service
/// that wrote it, once that service has stopped writing (the traffic row with this replica's final figures). Without a
/// mark a replica stopped on purpose looked like one that crashed: flagged silent in <c>routes replicas</c> and the
/// fleet panel, and held the rollouts' promotion back for <see cref="FleetOptions.ReplicaGoneAfter"/>. The rows stay
/// rather than go: deleting them dropped the evidence the replica gathered in the current gate window from the rollout
/// lease holder's sum the moment it stopped, which in a rolling deploy thinned or skewed every step's evidence. The
/// running replicas delete them after <see cref="KeepLeft"/>.
/// </summary>
internal static class FleetLeave
{
    /// <summary>
    /// How long a left replica's rows stay: the longest window a fleet's gates judge plus the publication lag, after
    /// which none of its figures can be in any window.
    /// </summary>
    public static TimeSpan KeepLeft(FleetOptions options) =>
        LocalGateSlots.MaxWindow + options.TrafficPublishInterval * FleetTrafficSource.FreshIntervals;

    public static async Task MarkAsync(FleetRouteState fleet, string row, Func<string, CancellationToken, Task> leave,
        ILogger logger, CancellationToken cancellationToken)
    {
        var replica = fleet.Options.EffectiveReplicaId;
        try
        {
            await leave(replica, cancellationToken);
            FleetLog.Left(logger, replica, row);
        }
        catch (Exception ex) when (ex is DbException or IOException or TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            // The stop goes on: the row ages out as a crashed replica's would.
            FleetLog.LeaveFailed(logger, replica, row, ex.Message.ReplaceLineEndings(" "));
        }
    }
}
