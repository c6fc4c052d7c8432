using System.ComponentModel.DataAnnotations;

namespace Strangler.Sync.Consuming;

/// <summary>Settings of one Kafka batch consumer (one pipeline = one consumer group).</summary>
internal sealed record BatchConsumerOptions
{
    /// <summary>The pipeline name used in logs, metrics and the status endpoint, e.g. <c>customers-projection</c>.</summary>
    [Required]
    public string Pipeline { get; init; } = string.Empty;

    /// <summary><c>projection</c> or <c>backfill</c>; a metric tag.</summary>
    [Required]
    public string Kind { get; init; } = "projection";

    /// <summary>The sub-domain this pipeline feeds, shown in the status.</summary>
    public string Subdomain { get; init; } = string.Empty;

    /// <summary>Kafka bootstrap servers, e.g. <c>127.0.0.1:9092</c>.</summary>
    [Required]
    public string BootstrapServers { get; init; } = string.Empty;

    /// <summary>The consumer group; workers sharing it split the partitions.</summary>
    [Required]
    public string GroupId { get; init; } = string.Empty;

    /// <summary>Topics to subscribe to.</summary>
    [MinLength(1)]
    public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>The most messages handed to the handler at once.</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; init; } = 500;

    /// <summary>How long to wait for a batch to fill before handling what arrived.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The first delay before retrying a failed batch; doubles up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryInitialDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between retries of a failed batch.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a subscribed topic may be missing before it is a warning (default 1 minute). A topic is often created
    /// by its first message, so a consumer that starts first sees it missing for a while; that alone is logged at
    /// Information.
    /// </summary>
    public TimeSpan MissingTopicGrace { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Where a new group starts: <c>earliest</c> (default, a projection needs the snapshot) or <c>latest</c>.</summary>
    public string AutoOffsetReset { get; init; } = "earliest";

    /// <summary>
    /// How the consumer takes part in its group: session timeout, heartbeat, max poll interval, static membership.
    /// </summary>
    public ConsumerGroupOptions Group { get; init; } = new();

    /// <summary>
    /// How long a pipeline may go without committing a batch while messages wait before the status, metrics and
    /// dashboard flag it as stalled (default 2 minutes): a crash loop, a poison message that kills the process, or a
    /// store that keeps failing.
    /// </summary>
    public TimeSpan StallAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Extra librdkafka settings for every client of the pipeline (bootstrap, security), applied after the built-in
    /// ones; never logged. A key librdkafka documents as consumer-only or producer-only goes only to that client.
    /// </summary>
    public IReadOnlyDictionary<string, string> Kafka { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra librdkafka settings for the consumer only, applied last; never logged.</summary>
    public IReadOnlyDictionary<string, string> ConsumerKafka { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra librdkafka settings for the dead-letter producer only, applied last; never logged.</summary>
    public IReadOnlyDictionary<string, string> ProducerKafka { get; init; } = new Dictionary<string, string>();
}
