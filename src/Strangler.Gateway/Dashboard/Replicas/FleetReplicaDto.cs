namespace Strangler.Gateway.Dashboard.Replicas;

/// <summary>
/// One replica in the fleet panel, from its last heartbeat, with the flags the page shows. At most one of
/// <see cref="Silent"/>, <see cref="Gone"/> and <see cref="Left"/> is set: a replica that left (stopped cleanly) is
/// only that; one not heard from for longer than <see cref="Fleet.FleetOptions.ReplicaGoneAfter"/> is gone (as the
/// rollout gates call it: no longer waited for), not silent. <see cref="Host"/>, <see cref="ProcessId"/> and
/// <see cref="StartedAt"/> name the process holding the id (null in a row written before runs were recorded), so an
/// operator can tell which machine it is on and see a restart; <see cref="SecondsSinceStart"/> counts on this
/// replica's clock, like <see cref="SecondsSinceSeen"/>, so the browser's clock does not matter.
/// </summary>
internal sealed record FleetReplicaDto(
    string Id,
    string Address,
    long Revision,
    DateTimeOffset? LastSync,
    DateTimeOffset LastSeen,
    double SecondsSinceSeen,
    bool Behind,
    bool Silent,
    bool Self,
    bool Gone,
    bool Left,
    DateTimeOffset? LeftAt,
    string? Host,
    int? ProcessId,
    DateTimeOffset? StartedAt,
    double? SecondsSinceStart);
