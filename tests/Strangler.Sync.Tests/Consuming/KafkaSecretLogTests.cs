using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Strangler.Kafka;
using Strangler.Sync.Consuming;

namespace Strangler.Sync.Tests.Consuming;

/// <summary>
/// Audited rather than changed: the pipelines' librdkafka settings (sasl.password among them) go to librdkafka as they
/// are, and its log (through <see cref="KafkaClientLog"/>, at Debug) dumps the whole configuration when a user turns on
/// <c>debug</c> in a pipeline's <c>Kafka</c> settings. librdkafka prints its sensitive properties as "[redacted]";
/// pinned here on the consumer config the worker really builds, through the log the worker really attaches, so that an
/// upgrade that changed it would be seen. No broker is needed.
/// </summary>
public sealed class KafkaSecretLogTests
{
    [Fact]
    public async Task A_configuration_dump_in_librdkafkas_debug_log_does_not_show_the_sasl_password()
    {
        using var closed = new ClosedPort();
        var config = KafkaBatchConsumer.ConsumerConfigFor(new BatchConsumerOptions
        {
            Pipeline = "customers-backfill",
            BootstrapServers = new Uri(closed.Url).Authority,
            GroupId = "g-" + Guid.NewGuid().ToString("N"),
            Topics = ["t"],
            Kafka = new Dictionary<string, string>
            {
                ["security.protocol"] = "SASL_PLAINTEXT",
                ["sasl.mechanism"] = "PLAIN",
                ["sasl.username"] = "sync",
                ["sasl.password"] = "s3cret-Value",
                ["debug"] = "conf",
            },
        });
        var logger = new FakeLogger();
        IEnumerable<string> Lines() => logger.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Debug).Select(r => r.GetStructuredStateValue("KafkaMessage")!);

        using (var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).LogTo(new KafkaClientLog(logger, config)).Build())
        {
            Assert.True(await Eventually.TrueAsync(() => Lines().Any(l => l.Contains("sasl.password", StringComparison.Ordinal))),
                "librdkafka dumped no configuration at Debug: " + string.Join(" | ", Lines().Take(5)));
        }

        var lines = Lines().ToList();

        Assert.DoesNotContain(lines, l => l.Contains("s3cret-Value", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("sasl.password = [redacted]", StringComparison.Ordinal));
    }
}
