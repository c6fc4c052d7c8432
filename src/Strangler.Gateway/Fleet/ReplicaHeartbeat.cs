namespace Strangler.Gateway.Fleet;

/// <summary>One replica as it last reported itself to the store.</summary>
public sealed record ReplicaHeartbeat
{
    /// <summary>The replica's id (<c>Strangler:Gateway:Fleet:ReplicaId</c>).</summary>
    public required string ReplicaId { get; init; }

    /// <summary>Where it says it can be reached.</summary>
    public required string Address { get; init; }

    /// <summary>The route-state revision it serves.</summary>
    public required long Revision { get; init; }

    /// <summary>When it last confirmed its state with the store; null if it never reached the store.</summary>
    public DateTimeOffset? LastSync { get; init; }

    /// <summary>When its last heartbeat arrived.</summary>
    public required DateTimeOffset LastSeen { get; init; }

    /// <summary>
    /// When it stopped cleanly, saying so (by the store's clock); null while it runs, and for one that stopped without
    /// saying so (crashed, killed, cut off from the store), which falls silent instead.
    /// </summary>
    public DateTimeOffset? LeftAt { get; init; }
}
