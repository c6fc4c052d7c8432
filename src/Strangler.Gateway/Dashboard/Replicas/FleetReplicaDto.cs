namespace Strangler.Gateway.Dashboard.Replicas;

/// <summary>One replica in the fleet panel, from its last heartbeat, with the flags the page shows.</summary>
internal sealed record FleetReplicaDto(
    string Id,
    string Address,
    long Revision,
    DateTimeOffset? LastSync,
    DateTimeOffset LastSeen,
    double SecondsSinceSeen,
    bool Behind,
    bool Silent,
    bool Self);
