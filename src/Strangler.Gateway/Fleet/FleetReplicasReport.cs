namespace Strangler.Gateway.Fleet;

/// <summary>The fleet as the store sees it.</summary>
public sealed record FleetReplicasReport
{
    /// <summary>The route state's current revision.</summary>
    public required long Revision { get; init; }

    /// <summary>Every replica that ever sent a heartbeat, by id.</summary>
    public required IReadOnlyList<ReplicaHeartbeat> Replicas { get; init; }

    /// <summary>True when <paramref name="replica"/> serves an older revision than the store's.</summary>
    public bool IsBehind(ReplicaHeartbeat replica) => replica.Revision < Revision;
}
