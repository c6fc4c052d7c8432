using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Strangler.Kafka;
using Strangler.Sync.Consuming;

namespace Strangler.Sync.Tests.Consuming;

/// <summary>
/// Bug (found operating a worker): with the broker down, each pipeline logged one error line per reconnect attempt of
/// librdkafka, 239 in 12 s. One line per error kind per 10 s now, saying how many were held back. And the pipeline's
/// consumer logged those transient errors (librdkafka retries them itself) at Error under its own category, while every
/// other Kafka client logs them as warnings under its Kafka category: they are now the same lines as theirs, once.
/// </summary>
public sealed class KafkaErrorLogTests(KafkaFixture kafka)
{
    [Fact]
    public async Task A_broker_that_refuses_connections_writes_one_warning_per_error_kind_under_the_consumer_category_and_shows_unreachable()
    {
        using var closed = new ClosedPort();
        var logs = new FakeLoggerProvider();
        using var loggers = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var metrics = TestConsumers.NewMetrics();
        var options = TestConsumers.Options(kafka, "legacy.dbo.Customers", KafkaFixture.NewGroupId()) with { BootstrapServers = new Uri(closed.Url).Authority };
        using var consumer = TestConsumers.Create(kafka, options, new DelegateBatchHandler((_, _) => Task.FromResult(BatchOutcome.Success)),
            metrics, loggers.CreateLogger<KafkaBatchConsumer>(), loggers);
        await consumer.StartAsync(TestContext.Current.CancellationToken);
        var stats = metrics.Pipelines.Single();
        IEnumerable<FakeLogRecord> Errors() => logs.Collector.GetSnapshot().Where(r => r.Message.Contains("Kafka error", StringComparison.Ordinal));
        try
        {
            // The error handler still feeds the status: the readiness says the broker is unreachable.
            Assert.True(await Eventually.TrueAsync(() => stats.Kafka.Reachable == false && Errors().Any()), $"{stats.Kafka}");
            // librdkafka reports the same errors again at every reconnect attempt meanwhile (every 50-100 ms).
            await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        }
        finally
        {
            await consumer.StopAsync(TestContext.Current.CancellationToken);
        }

        var errors = Errors().ToList();
        var described = string.Join(" | ", errors.Select(e => $"{e.Category} {e.Level} {e.Message}"));
        Assert.All(errors, e => Assert.Equal(KafkaLogCategories.SyncConsumer, e.Category));
        Assert.All(errors, e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.All(errors, e => Assert.StartsWith(options.Pipeline + "#consumer-", e.GetStructuredStateValue("KafkaClient"), StringComparison.Ordinal));
        // Each kind once (they repeat only after 10 s): Local_Transport and Local_AllBrokersDown at most.
        Assert.True(errors.Count <= 3, $"{errors.Count} lines: {described}");
        Assert.Equal(errors.Count, errors.Select(e => e.GetStructuredStateValue("KafkaErrorCode")).Distinct().Count());
        // One family: the consumer's own category has no line of its own for them.
        Assert.DoesNotContain(logs.Collector.GetSnapshot(), r => r.Category == typeof(KafkaBatchConsumer).FullName && r.Level >= LogLevel.Warning);
    }
}
