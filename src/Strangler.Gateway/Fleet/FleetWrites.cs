using System.Globalization;

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
    /// <remarks>
    /// Names the holder (run, host, pid), unlike <c>/readyz</c>: only an authenticated admin or dashboard session sees
    /// this, and it is the one who must find that other process.
    /// </remarks>
    public static string? Refusal(FleetRouteState fleet, ReplicaOwnership ownership) =>
        fleet.Enabled && ownership.Conflict is { } holder
            ? $"this gateway's replica id {fleet.Options.EffectiveReplicaId} is in use by another running gateway ({holder.Describe()}), so it changes nothing in the fleet: nothing changed. Make the change through another replica, or set a distinct {FleetOptions.SectionName}:ReplicaId for this one"
            : null;

    /// <summary>
    /// Seconds a client should wait before retrying a refused change: the next heartbeat is the next moment this replica
    /// can take its id over (the holder having left or fallen silent).
    /// </summary>
    public static string RetryAfterSeconds(FleetRouteState fleet) =>
        Math.Max(1, (int)Math.Ceiling(fleet.Options.HeartbeatInterval.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
