namespace Strangler.Sync.Consuming;

/// <summary>
/// How a pipeline's consumer takes part in its Kafka consumer group: how fast a dead member is noticed, how long a
/// batch may take, and whether a restarted worker takes its partitions back without a rebalance
/// (<c>Strangler:Sync:Group</c>; <c>Strangler:Sync:Backfill:Consumer:Group</c> for the backfill, which falls back to the
/// former inside the sync worker).
/// </summary>
public sealed record ConsumerGroupOptions
{
    /// <summary>
    /// How long the group waits for a silent member before moving its partitions (librdkafka
    /// <c>session.timeout.ms</c>; default 10 s instead of librdkafka's 45 s, so a killed worker's partitions wait at
    /// most 10 s). Brokers accept 6 s to 30 min unless configured otherwise
    /// (<c>group.min.session.timeout.ms</c>, <c>group.max.session.timeout.ms</c>).
    /// </summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the member tells the group it is alive (<c>heartbeat.interval.ms</c>; default 3 s, at most a third of <see cref="SessionTimeout"/>).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The longest one attempt at a batch may keep the consumer from polling before it is put out of the group
    /// (<c>max.poll.interval.ms</c>; default 2 min). Waits between retries poll, so only a single attempt counts: its
    /// store writes are bounded by the store's command timeout (30 s by default for Npgsql, SqlClient and MongoDB),
    /// and 2 min leaves four times that. It is also how long a rebalance waits for a busy member to rejoin.
    /// </summary>
    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Static group membership (<c>group.instance.id</c>): a stable name for this worker, e.g. its pod name
    /// (<c>Strangler__Sync__Group__InstanceId</c> from the pod's <c>metadata.name</c>). A worker restarted with the same
    /// name takes its partitions back at once, without a rebalance; but a worker stopped for good keeps its partitions
    /// until <see cref="SessionTimeout"/> passes, as a static member does not leave the group. Two running workers
    /// must never share a name: the broker fences the older one, whose pipelines then stop on a fatal error. Each
    /// pipeline's consumer uses <c>&lt;InstanceId&gt;.&lt;pipeline&gt;</c>. Empty (default): dynamic membership.
    /// </summary>
    public string InstanceId { get; init; } = string.Empty;
}
