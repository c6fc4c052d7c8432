using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Strangler.Outbox.LiteDb;
using Strangler.Outbox.Relay;

namespace Strangler.Outbox.Tests.Relay;

/// <summary>
/// Bug: the relay's producer set no log or error handler, so with the broker down librdkafka printed to the service's
/// stderr past its logging settings, and the errors it reported went nowhere. Both now reach the service's loggers
/// under <c>Strangler.Outbox.Kafka.Producer</c>.
/// </summary>
public sealed class RelayKafkaLogTests
{
    [Fact]
    public async Task A_relay_facing_a_refused_port_logs_its_producers_lines_under_the_outbox_producer_category()
    {
        using var closed = new ClosedPort();
        var logs = new FakeLoggerProvider();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(logs));
        using var db = new LiteDatabase(new MemoryStream());
        var options = new OutboxOptions { BootstrapServers = new Uri(closed.Url).Authority, Topic = "customers.events", Source = "/customers" };
        var outbox = new LiteDbOutbox(db, options, TimeProvider.System);
        outbox.InTransaction((_, o) => o.Stage("CustomerRegistered", "1", new { name = "Ada" }));
        using var relay = new OutboxRelay(outbox, Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System, loggers);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var publish = relay.PublishPendingAsync(cancel.Token);
        IEnumerable<FakeLogRecord> Lines() => logs.Collector.GetSnapshot().Where(r => r.Category == "Strangler.Outbox.Kafka.Producer");
        var seen = await Eventually.TrueAsync(() => Lines().Any(r => r.GetStructuredStateValue("KafkaFacility") == "FAIL")
            && Lines().Any(r => r.GetStructuredStateValue("KafkaErrorCode") == "Local_Transport"));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => publish);

        Assert.True(seen, "lines seen: " + string.Join(" | ", logs.Collector.GetSnapshot().Take(5).Select(r => $"{r.Category} {r.Level} {r.Message}")));
        Assert.Equal(LogLevel.Error, Lines().First(r => r.GetStructuredStateValue("KafkaFacility") == "FAIL").Level);
        Assert.Equal(LogLevel.Warning, Lines().First(r => r.GetStructuredStateValue("KafkaErrorCode") == "Local_Transport").Level);
    }
}
