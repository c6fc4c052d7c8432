namespace Strangler.Gateway.Dashboard.Sync;

/// <summary>One pipeline as a sync worker reports it on <c>GET /_strangler/sync/status</c> (the shared contract).</summary>
internal sealed record SyncPipelineStatus
{
    public required string Name { get; init; }

    public string Kind { get; init; } = "";

    public string Subdomain { get; init; } = "";

    public long Applied { get; init; }

    public long Skipped { get; init; }

    public long DeadLettered { get; init; }

    public long Retried { get; init; }

    public double LagSeconds { get; init; }

    /// <summary>How long before the worker's answer its lag was measured; null before the first measure (or from an older worker).</summary>
    public double? LagAgeSeconds { get; init; }

    /// <summary>How many partitions of the pipeline the worker holds; null from a worker that predates it.</summary>
    public int? Partitions { get; init; }

    /// <summary>
    /// How long before the worker's answer the group last changed the partitions it holds; null before its first
    /// assignment (or from an older worker). A lag measured before it (<see cref="LagAgeSeconds"/> above it) is of the
    /// partitions held before.
    /// </summary>
    public double? AssignedAgeSeconds { get; init; }

    /// <summary>The worker's Kafka connection for this pipeline; null from a worker that predates it.</summary>
    public SyncKafkaStatus? Kafka { get; init; }

    /// <summary>The batch the worker keeps failing to apply and retries; null while batches go through (or from an older worker).</summary>
    public SyncBatchFailing? Failing { get; init; }

    public long ConsumerLag { get; init; }

    /// <summary>When the worker last committed a batch; null before its first (or from a worker that predates it).</summary>
    public DateTimeOffset? LastProgress { get; init; }

    /// <summary>Seconds since the last progress (since the worker started, before any), as of the worker's answer.</summary>
    public double? SinceProgressSeconds { get; init; }

    /// <summary>The worker flags the pipeline: it has lag and made no progress for its StallAfter.</summary>
    public bool Stalled { get; init; }

    /// <summary>The group's committed offsets on the partitions this worker holds.</summary>
    public IReadOnlyList<SyncCommittedOffset> CommittedOffsets { get; init; } = [];
}
