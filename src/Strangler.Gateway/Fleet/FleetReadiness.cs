using System.Globalization;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// The fleet's line in <c>/readyz</c>. A replica that lost the store stays ready (its last good table is the fleet's
/// last agreed state, better than no gateway) but says how stale it is, so an operator can tell. Anyone may ask, so it
/// names a store failure by kind only (<see cref="FleetRouteState.StoreErrorKind"/>), and one that answers without the
/// fleet's tables as not migrated rather than unreachable. A replica whose id another running
/// gateway holds (<see cref="ReplicaOwnership.Conflict"/>) is not ready: whatever it serves, a load balancer should
/// not send it traffic that the fleet's figures and gates cannot count. It names the id, not the other process's host
/// (the log does). Nor is one whose first heartbeat has not been answered yet: it may turn out to be such a duplicate.
/// Nor one serving revision 0, the store as migrated, which holds no routes (<see cref="EmptyStore"/>).
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
        : fleet.ServedRevision == 0 ? EmptyStore
        : null;

    /// <summary>
    /// Revision 0 is the store as <c>strangler migrate</c> made it: nobody has pushed routes, and no replica seeded it (its
    /// route files held errors, or there were none: a wrong <c>--routes</c>). Such a replica serves no route at all, every
    /// path to the DefaultUpstream, which no operator meant; it used to say ready, so a fleet went live as a plain proxy
    /// of the monolith with only a log line to tell. It does not serve its own route files instead: once one replica
    /// has, the fleet's replicas would each serve their own directory, and the store's one state is the point of a
    /// fleet. A revision pushed later, even one with no routes, is a choice someone made, and is served as ready.
    /// </summary>
    internal const string EmptyStore = "the fleet's route store holds no routes yet (revision 0: nobody has run strangler routes apply, and no replica " +
        "seeded it from valid route files; the log and lastLoadError name any error in this replica's routes directory): run strangler routes apply " +
        "<routes directory> against the store, or fix the route files and restart a replica; until then every path would go to the DefaultUpstream";

    public static string Detail(FleetRouteState fleet)
    {
        if (!fleet.Enabled)
        {
            return "";
        }

        var age = fleet.AgeSeconds is { } seconds ? seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s ago" : "never";
        var revision = fleet.ServedRevision < 0 ? "no revision" : $"revision {fleet.ServedRevision} (from the {fleet.Source})";
        // A store that answers without the fleet's tables is not down: "unreachable" sent operators to the network and
        // the store's host, when the cure is one command.
        return fleet.StoreErrorKind is not { } error ? $": serving {revision}, last synced {age}"
            : fleet.StoreNotMigrated ? $": route store not migrated ({error}): run strangler migrate against it; serving {revision}, last synced {age}"
            : $": route store unreachable ({error}); serving {revision}, last synced {age}";
    }
}
