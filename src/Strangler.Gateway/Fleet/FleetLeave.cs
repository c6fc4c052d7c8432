using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// A replica's clean exit from the fleet: as it stops, each of its rows in the store is removed by the service that
/// wrote it, once that service has stopped writing. Without it a replica stopped on purpose looked like one that
/// crashed: flagged silent in <c>routes replicas</c> and the fleet panel, and held the rollouts' promotion back for
/// <see cref="FleetOptions.ReplicaGoneAfter"/>.
/// </summary>
internal static class FleetLeave
{
    public static async Task RemoveAsync(FleetRouteState fleet, string row, Func<string, CancellationToken, Task> remove,
        ILogger logger, CancellationToken cancellationToken)
    {
        var replica = fleet.Options.EffectiveReplicaId;
        try
        {
            await remove(replica, cancellationToken);
            FleetLog.Left(logger, replica, row);
        }
        catch (Exception ex) when (ex is DbException or IOException or TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            // The stop goes on: the row ages out as a crashed replica's would.
            FleetLog.LeaveFailed(logger, replica, row, ex.Message.ReplaceLineEndings(" "));
        }
    }
}
