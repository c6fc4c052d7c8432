using Microsoft.Extensions.Logging.Testing;
using Strangler.Sync.Consuming;

namespace Strangler.Sync.Tests.Consuming;

/// <summary>
/// Bug (found operating a worker): with the broker down, each pipeline logged one error line per reconnect attempt of
/// librdkafka, 239 in 12 s. One line per error kind per 10 s now, saying how many were held back.
/// </summary>
public sealed class KafkaErrorLogTests(KafkaFixture kafka)
{
    [Fact]
    public async Task A_broker_that_refuses_connections_writes_a_line_per_error_kind_not_per_attempt()
    {
        using var closed = new ClosedPort();
        var logger = new FakeLogger<KafkaBatchConsumer>();
        var options = TestConsumers.Options(kafka, "legacy.dbo.Customers", KafkaFixture.NewGroupId()) with { BootstrapServers = new Uri(closed.Url).Authority };
        using var consumer = TestConsumers.Create(kafka, options, new DelegateBatchHandler((_, _) => Task.FromResult(BatchOutcome.Success)), logger: logger);
        await consumer.StartAsync(TestContext.Current.CancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(6), TestContext.Current.CancellationToken);
        await consumer.StopAsync(TestContext.Current.CancellationToken);

        var errors = logger.Collector.GetSnapshot().Where(r => r.Message.Contains("Kafka error", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(errors);
        // Each kind once (they repeat only after 10 s): Local_Transport and Local_AllBrokersDown at most.
        Assert.True(errors.Count <= 3, $"{errors.Count} lines: {string.Join(" | ", errors.Take(5).Select(e => e.Message))}");
        Assert.Equal(errors.Count, errors.Select(e => e.Message.Split(':')[1]).Distinct().Count());
    }
}
