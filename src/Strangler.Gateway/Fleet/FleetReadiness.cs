using System.Globalization;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// The fleet's line in <c>/readyz</c>. A replica that lost the store stays ready (its last good table is the fleet's
/// last agreed state, better than no gateway) but says how stale it is, so an operator can tell. Anyone may ask, so it
/// names a store failure by kind only (<see cref="FleetRouteState.StoreErrorKind"/>). A replica whose id another running
/// gateway holds (<see cref="ReplicaOwnership.Conflict"/>) is not ready: whatever it serves, a load balancer should
/// not send it traffic that the fleet's figures and gates cannot count. It names the id, not the other process's host
/// (the log does). Nor is one whose first heartbeat has not been answered yet: it may turn out to be such a duplicate.
/// </summary>
internal static class FleetReadiness
{
    /// <summary>Why this replica must not be sent traffic; null when nothing in the fleet stands in the way.</summary>
    public static string? NotReady(FleetRouteState fleet, ReplicaOwnership ownership) =>
        !fleet.Enabled ? null
        : ownership.Conflict is not null
            ? $"replica id {fleet.Options.EffectiveReplicaId} is in use by another running gateway (the log names it): set a distinct Strangler:Gateway:Fleet:ReplicaId or leave it unset"
        : !ownership.Answered
            ? $"replica id {fleet.Options.EffectiveReplicaId} is not claimed yet: the first heartbeat to the fleet's route store has not been answered"
        : null;

    public static string Detail(FleetRouteState fleet)
    {
        if (!fleet.Enabled)
        {
            return "";
        }

        var age = fleet.AgeSeconds is { } seconds ? seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s ago" : "never";
        var revision = fleet.ServedRevision < 0 ? "no revision" : $"revision {fleet.ServedRevision} (from the {fleet.Source})";
        return fleet.StoreErrorKind is { } error
            ? $": route store unreachable ({error}); serving {revision}, last synced {age}"
            : $": serving {revision}, last synced {age}";
    }
}
