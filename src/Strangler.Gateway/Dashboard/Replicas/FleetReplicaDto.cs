namespace Strangler.Gateway.Dashboard.Replicas;

/// <summary>
/// One replica in the fleet panel, from its last heartbeat, with the flags the page shows. At most one of
/// <see cref="Silent"/>, <see cref="Gone"/> and <see cref="Left"/> is set: a replica that left (stopped cleanly) is
/// only that; one not heard from for longer than <see cref="Fleet.FleetOptions.ReplicaGoneAfter"/> is gone (as the
/// rollout gates call it: no longer waited for), not silent. <see cref="Host"/>, <see cref="ProcessId"/> and
/// <see cref="StartedAt"/> name the process holding the id (null in a row written before runs were recorded), so an
/// operator can tell which machine it is on and see a restart; <see cref="SecondsSinceStart"/> counts on this
/// replica's clock, like <see cref="SecondsSinceSeen"/>, so the browser's clock does not matter.
/// <see cref="Duplicate"/> is set when another process was refused this id within the silent window while this replica
/// runs (<see cref="Fleet.ReplicaHeartbeat.RecentlyRefused"/>, as <c>routes replicas</c> flags it); only then are
/// <see cref="RefusedHost"/>, <see cref="RefusedProcessId"/>, <see cref="RefusedAt"/> and
/// <see cref="SecondsSinceRefused"/> given, naming that process: an older note is of one that stopped trying.
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
    double? SecondsSinceStart,
    bool Duplicate,
    string? RefusedHost,
    int? RefusedProcessId,
    DateTimeOffset? RefusedAt,
    double? SecondsSinceRefused);
