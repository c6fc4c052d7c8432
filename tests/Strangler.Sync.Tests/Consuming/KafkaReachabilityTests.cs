using Strangler.Kafka;
using Strangler.Sync.Consuming;
using Strangler.Sync.Hosting;
using Strangler.Sync.Metrics;

namespace Strangler.Sync.Tests.Consuming;

/// <summary>
/// Bug (found operating a worker): a worker cut off from Kafka reported the same status as an idle one (consumer lag 0,
/// not stalled), with a broker frozen or a wrong address alike. The status now says whether a broker answers, since
/// when and the last error's kind, without the SASL password. Each test runs a mock cluster of its own, to freeze.
/// </summary>
public sealed class KafkaReachabilityTests
{
    private const int Wait = 30;

    private static BatchConsumerOptions Options(string bootstrap, string topic, IReadOnlyDictionary<string, string>? kafka = null) => new()
    {
        Pipeline = "reach-" + Guid.NewGuid().ToString("N")[..8],
        Kind = "projection",
        Subdomain = "customers",
        BootstrapServers = bootstrap,
        GroupId = KafkaFixture.NewGroupId(),
        Topics = [topic],
        FlushInterval = TimeSpan.FromMilliseconds(50),
        Group = new ConsumerGroupOptions { SessionTimeout = TimeSpan.FromSeconds(6), HeartbeatInterval = TimeSpan.FromMilliseconds(500) },
        Kafka = kafka ?? new Dictionary<string, string>(),
    };

    private static KafkaBatchConsumer Consumer(BatchConsumerOptions options, SyncMetrics metrics) =>
        new(options, new DelegateBatchHandler((_, _) => Task.FromResult(BatchOutcome.Success)),
            new Strangler.Sync.DeadLetters.DeadLetterProducer(options.BootstrapServers), metrics, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<KafkaBatchConsumer>.Instance,
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

    [Fact]
    public async Task A_broker_that_stops_answering_shows_as_unreachable_since_then_and_reachable_once_it_answers()
    {
        using var cluster = new MockKafkaCluster(immediateRebalance: true);
        var topic = "t." + Guid.NewGuid().ToString("N");
        cluster.CreateTopic(topic, 1);
        var metrics = TestConsumers.NewMetrics();
        using var consumer = Consumer(Options(cluster.BootstrapServers, topic), metrics);
        await consumer.StartAsync(TestContext.Current.CancellationToken);
        var stats = metrics.Pipelines.Single();
        Assert.True(await Eventually.TrueAsync(() => stats.Kafka.Reachable == true && stats.Partitions == 1, Wait), $"{stats.Kafka}");

        // As `kill -STOP` of the broker: connections stay open, nothing answers, librdkafka calls no error handler.
        var frozen = DateTimeOffset.UtcNow;
        cluster.SetBrokerRoundTrip(1, TimeSpan.FromSeconds(60));
        Assert.True(await Eventually.TrueAsync(() => stats.Kafka.Reachable == false, Wait), $"{stats.Kafka}");
        Assert.True(stats.Kafka.Since >= frozen, $"since {stats.Kafka.Since:O}, frozen at {frozen:O}");
        Assert.NotNull(stats.Kafka.LastError);

        cluster.SetBrokerRoundTrip(1, TimeSpan.Zero);
        Assert.True(await Eventually.TrueAsync(() => stats.Kafka.Reachable == true, 90), $"{stats.Kafka}");
        await consumer.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_broker_that_is_down_shows_as_unreachable()
    {
        using var cluster = new MockKafkaCluster(immediateRebalance: true);
        var topic = "t." + Guid.NewGuid().ToString("N");
        cluster.CreateTopic(topic, 1);
        var metrics = TestConsumers.NewMetrics();
        using var consumer = Consumer(Options(cluster.BootstrapServers, topic), metrics);
        await consumer.StartAsync(TestContext.Current.CancellationToken);
        var stats = metrics.Pipelines.Single();
        Assert.True(await Eventually.TrueAsync(() => stats.Kafka.Reachable == true, Wait), $"{stats.Kafka}");

        cluster.SetBrokerDown(1, down: true);
        Assert.True(await Eventually.TrueAsync(() => stats.Kafka.Reachable == false, Wait), $"{stats.Kafka}");
        await consumer.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_wrong_address_shows_as_unreachable_with_the_error_kind_and_no_password()
    {
        using var closed = new ClosedPort();
        var metrics = TestConsumers.NewMetrics();
        var options = Options(new Uri(closed.Url).Authority, "legacy.dbo.Customers", new Dictionary<string, string>
        {
            ["security.protocol"] = "SASL_PLAINTEXT",
            ["sasl.mechanism"] = "PLAIN",
            ["sasl.username"] = "sync",
            ["sasl.password"] = "s3cret-Value",
        });
        using var consumer = Consumer(options, metrics);
        await consumer.StartAsync(TestContext.Current.CancellationToken);
        var stats = metrics.Pipelines.Single();

        Assert.True(await Eventually.TrueAsync(() => stats.Kafka.Reachable == false, Wait), $"{stats.Kafka}");
        Assert.NotNull(stats.Kafka.LastError);
        Assert.DoesNotContain("s3cret-Value", stats.Kafka.ToString(), StringComparison.Ordinal);
        await consumer.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void A_secret_setting_echoed_in_an_error_is_redacted()
    {
        var secrets = new SecretSettings(new Dictionary<string, string> { ["sasl.password"] = "s3cret-Value", ["sasl.username"] = "sync" });

        Assert.Equal("auth failed for sync with [redacted]", secrets.Redact("auth failed for sync with s3cret-Value"));
    }
}
