namespace Strangler.Gateway.Fleet;

/// <summary>
/// Whether this replica may change the fleet's shared state (flip, roll back, command a rollout). A replica refused its
/// id (<see cref="ReplicaOwnership.Conflict"/>) is a process the fleet does not count: not ready, no heartbeat, no
/// lease; its admin API and dashboard must not commit route changes either, which every replica would then serve and
/// whose history would name a replica the fleet panel cannot show. It may still read.
/// </summary>
internal static class FleetWrites
{
    /// <summary>Why a change through this replica is refused; null when it may write.</summary>
    public static string? Refusal(FleetRouteState fleet, ReplicaOwnership ownership) =>
        fleet.Enabled && ownership.Conflict is not null
            ? $"this gateway's replica id {fleet.Options.EffectiveReplicaId} is in use by another running gateway (this gateway's log names it), so it changes nothing in the fleet: nothing changed. Make the change through another replica, or set a distinct Strangler:Gateway:Fleet:ReplicaId for this one"
            : null;
}
