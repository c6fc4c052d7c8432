using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Strangler.Sync.Consuming;
using Strangler.Sync.DeadLetters;
using Strangler.Sync.Metrics;

namespace Strangler.Sync.Tests.Consuming;

/// <summary>Builds real consumers against the mock cluster.</summary>
internal static class TestConsumers
{
    public static SyncMetrics NewMetrics() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    public static BatchConsumerOptions Options(KafkaFixture kafka, string topic, string groupId, int maxBatch = 100) => new()
    {
        Pipeline = "test-" + groupId,
        Kind = "projection",
        Subdomain = "test",
        BootstrapServers = kafka.BootstrapServers,
        GroupId = groupId,
        Topics = [topic],
        MaxBatchSize = maxBatch,
        FlushInterval = TimeSpan.FromMilliseconds(50),
        RetryInitialDelay = TimeSpan.FromMilliseconds(50),
        RetryMaxDelay = TimeSpan.FromMilliseconds(200),
        // Keep rebalances quick in tests: a dead member is noticed within a few seconds.
        Group = new ConsumerGroupOptions { SessionTimeout = TimeSpan.FromSeconds(6), HeartbeatInterval = TimeSpan.FromMilliseconds(500) },
    };

    public static KafkaBatchConsumer Create(
        KafkaFixture kafka, BatchConsumerOptions options, IBatchHandler handler, SyncMetrics? metrics = null, ILogger<KafkaBatchConsumer>? logger = null,
        ILoggerFactory? loggers = null) =>
        new(options, handler, new DeadLetterProducer(kafka.BootstrapServers), metrics ?? NewMetrics(), TimeProvider.System,
            logger ?? NullLogger<KafkaBatchConsumer>.Instance, loggers ?? NullLoggerFactory.Instance);
}
