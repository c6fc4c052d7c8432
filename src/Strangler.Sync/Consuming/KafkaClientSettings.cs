namespace Strangler.Sync.Consuming;

/// <summary>
/// Splits librdkafka settings between the clients of a pipeline: its consumer and its dead-letter producer. A
/// setting of the other kind of client is not harmless: librdkafka warns at every start that it "is a consumer
/// property and will be ignored by this producer instance" (and the reverse), so each client gets only its own.
/// </summary>
/// <remarks>
/// The shared dictionary (<c>Kafka</c>) is meant for what every client needs (bootstrap, security); a key in it that
/// librdkafka documents as consumer-only (C) or producer-only (P) in its CONFIGURATION.md still goes only to that kind
/// of client, so settings written before the split keep working without the warning. Keys of the client-specific
/// dictionaries are applied last and win.
/// </remarks>
internal static class KafkaClientSettings
{
    // librdkafka CONFIGURATION.md, global and topic properties marked C (consumer only).
    private static readonly HashSet<string> ConsumerOnly = new(StringComparer.Ordinal)
    {
        "group.id", "group.instance.id", "partition.assignment.strategy", "session.timeout.ms", "heartbeat.interval.ms",
        "group.protocol.type", "group.protocol", "group.remote.assignor", "coordinator.query.interval.ms",
        "max.poll.interval.ms", "enable.auto.commit", "auto.commit.interval.ms", "enable.auto.offset.store",
        "queued.min.messages", "queued.max.messages.kbytes", "fetch.wait.max.ms", "fetch.queue.backoff.ms",
        "fetch.message.max.bytes", "max.partition.fetch.bytes", "fetch.max.bytes", "fetch.min.bytes",
        "fetch.error.backoff.ms", "offset.store.method", "isolation.level", "enable.partition.eof", "check.crcs",
        "allow.auto.create.topics", "auto.offset.reset", "auto.commit.enable", "offset.store.path",
        "offset.store.sync.interval.ms", "consume.callback.max.messages",
    };

    // librdkafka CONFIGURATION.md, global and topic properties marked P (producer only).
    private static readonly HashSet<string> ProducerOnly = new(StringComparer.Ordinal)
    {
        "transactional.id", "transaction.timeout.ms", "enable.idempotence", "enable.gapless.guarantee",
        "queue.buffering.max.messages", "queue.buffering.max.kbytes", "queue.buffering.max.ms", "linger.ms",
        "message.send.max.retries", "retries", "queue.buffering.backpressure.threshold", "compression.codec",
        "compression.type", "batch.num.messages", "batch.size", "delivery.report.only.error",
        "sticky.partitioning.linger.ms", "request.required.acks", "acks", "request.timeout.ms", "message.timeout.ms",
        "delivery.timeout.ms", "queuing.strategy", "produce.offset.report", "partitioner", "compression.level",
    };

    /// <summary>True when librdkafka documents <paramref name="key"/> as a consumer-only setting.</summary>
    public static bool IsConsumerOnly(string key) => ConsumerOnly.Contains(key);

    /// <summary>True when librdkafka documents <paramref name="key"/> as a producer-only setting.</summary>
    public static bool IsProducerOnly(string key) => ProducerOnly.Contains(key);

    /// <summary>The settings a consumer gets: the shared ones that are not producer-only, then its own.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ForConsumer(
        IReadOnlyDictionary<string, string> shared, IReadOnlyDictionary<string, string> consumer) =>
        shared.Where(s => !IsProducerOnly(s.Key)).Concat(consumer);

    /// <summary>The settings a producer gets: the shared ones that are not consumer-only, then its own.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ForProducer(
        IReadOnlyDictionary<string, string> shared, IReadOnlyDictionary<string, string> producer) =>
        shared.Where(s => !IsConsumerOnly(s.Key)).Concat(producer);
}
