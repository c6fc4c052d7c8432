using Confluent.Kafka;
using Strangler.Kafka;

namespace Strangler.Cli.Commands.Demo;

/// <summary>
/// Creates the service's domain-event topic on the worker's mock broker as the demo starts, before the service's
/// first event would. The backfill subscribes to it at start, but while it is missing the consumer has no group to
/// join, and it looks for the topic again only once a second: the first write-back of a run took 0.9-1.4 s, later ones
/// 0.1-0.2 s.
/// </summary>
internal static class DemoEventsTopic
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Asks for the topic's metadata as a producer does before its first message: the mock broker creates a topic it
    /// is asked about (4 partitions, its default, as the outbox's first event would), and its Admin API cannot
    /// (it names no controller).
    /// </summary>
    public static void Create(string bootstrapServers, string topic, ILoggerFactory loggers)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrapServers };
        using var producer = new ProducerBuilder<Null, Null>(config).LogTo(KafkaClientLog.For(loggers, KafkaLogCategories.Demo, config)).Build();
        using var admin = new DependentAdminClientBuilder(producer.Handle).Build();
        var metadata = admin.GetMetadata(topic, Timeout);
        if (metadata.Topics.SingleOrDefault(t => t.Topic == topic) is not { Error.IsError: false, Partitions.Count: > 0 })
        {
            throw new DemoException($"The worker's mock Kafka at {bootstrapServers} did not create topic '{topic}'.");
        }
    }
}
