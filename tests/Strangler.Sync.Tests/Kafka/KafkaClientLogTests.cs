using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Strangler.Kafka;
using Strangler.Sync.Consuming;
using Strangler.Sync.DeadLetters;
using Strangler.Sync.Tests.Consuming;

namespace Strangler.Sync.Tests.Kafka;

/// <summary>
/// Bug: no Kafka client of the toolkit set a log handler, so librdkafka printed its own lines (a broker refusing
/// connections, request time-outs, SASL failures) to stderr, past the configured levels and the JSON console
/// formatter, under no category; and only the pipeline consumer had an error handler. Every client now logs through
/// <see cref="KafkaClientLog"/>. librdkafka calls a log handler instead of its stderr printer, so a line that arrives
/// here is one that was not printed.
/// </summary>
public sealed class KafkaClientLogTests(KafkaFixture kafka)
{
    [Fact]
    public async Task A_pipeline_consumer_facing_a_refused_port_logs_librdkafkas_failure_under_the_consumer_category()
    {
        using var closed = new ClosedPort();
        var logs = new FakeLoggerProvider();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(logs));
        var options = TestConsumers.Options(kafka, "legacy.dbo.Customers", KafkaFixture.NewGroupId()) with { BootstrapServers = new Uri(closed.Url).Authority };
        using var consumer = TestConsumers.Create(kafka, options, new DelegateBatchHandler((_, _) => Task.FromResult(BatchOutcome.Success)), loggers: loggers);
        await consumer.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            Assert.True(await Eventually.TrueAsync(() => Lines(logs, KafkaLogCategories.SyncConsumer).Any(IsBrokerDown)),
                "no broker-down line: " + string.Join(" | ", logs.Collector.GetSnapshot().Take(5).Select(r => $"{r.Category} {r.Level} {r.Message}")));
        }
        finally
        {
            await consumer.StopAsync(TestContext.Current.CancellationToken);
        }

        var line = Lines(logs, KafkaLogCategories.SyncConsumer).First(IsBrokerDown);
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Equal("FAIL", line.GetStructuredStateValue("KafkaFacility"));
        Assert.StartsWith(options.Pipeline + "#consumer-", line.GetStructuredStateValue("KafkaClient"), StringComparison.Ordinal);
        Assert.Contains(new Uri(closed.Url).Authority, line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dead_letter_producer_logs_its_clients_lines_and_errors_under_the_producer_category()
    {
        using var closed = new ClosedPort();
        var logs = new FakeLoggerProvider();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(logs));
        using var producer = new DeadLetterProducer(new Uri(closed.Url).Authority, loggers: loggers);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        // A send makes the producer look for the broker; it is given up once the lines are seen.
        var message = new ConsumeResult<byte[]?, byte[]?>
        {
            Topic = "t", Partition = 0, Offset = 0, Message = new Message<byte[]?, byte[]?> { Value = [1], Headers = [] },
        };
        var send = producer.SendAsync([new DeadLetter(message, "test")], cancel.Token);

        Assert.True(await Eventually.TrueAsync(() => Lines(logs, KafkaLogCategories.SyncProducer).Any(IsBrokerDown)
                && Lines(logs, KafkaLogCategories.SyncProducer).Any(r => r.Message.Contains("Kafka error", StringComparison.Ordinal))),
            "no broker-down line and error: " + string.Join(" | ", logs.Collector.GetSnapshot().Take(5).Select(r => $"{r.Category} {r.Level} {r.Message}")));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => send);

        // The error callback's lines are warnings, librdkafka retrying on its own; its FAIL log line stays an error.
        Assert.All(Lines(logs, KafkaLogCategories.SyncProducer).Where(r => r.Message.Contains("Kafka error", StringComparison.Ordinal)),
            r => Assert.Equal(LogLevel.Warning, r.Level));
        Assert.StartsWith("strangler-dlq#producer-", Lines(logs, KafkaLogCategories.SyncProducer).First(IsBrokerDown).GetStructuredStateValue("KafkaClient"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SyslogLevel.Emergency, LogLevel.Critical)]
    [InlineData(SyslogLevel.Alert, LogLevel.Critical)]
    [InlineData(SyslogLevel.Critical, LogLevel.Critical)]
    [InlineData(SyslogLevel.Error, LogLevel.Error)]
    [InlineData(SyslogLevel.Warning, LogLevel.Warning)]
    [InlineData(SyslogLevel.Notice, LogLevel.Information)]
    [InlineData(SyslogLevel.Info, LogLevel.Information)]
    [InlineData(SyslogLevel.Debug, LogLevel.Debug)]
    public void A_librdkafka_level_maps_to_the_ILogger_level_of_the_same_meaning(SyslogLevel syslog, LogLevel expected)
    {
        var logger = new FakeLogger();
        new KafkaClientLog(logger, []).OnLog(new LogMessage("c#producer-1", syslog, "FAC", "a line"));

        Assert.Equal(expected, Assert.Single(logger.Collector.GetSnapshot()).Level);
    }

    [Fact]
    public void Transient_errors_are_warnings_one_per_code_per_interval_and_fatal_ones_errors_every_time()
    {
        var time = new FakeTimeProvider();
        var logger = new FakeLogger();
        var log = new KafkaClientLog(logger, [], time);

        log.OnError("c#producer-1", new Error(ErrorCode.Local_Transport, "down"));
        log.OnError("c#producer-1", new Error(ErrorCode.Local_Transport, "down"));
        log.OnError("c#producer-1", new Error(ErrorCode.Local_AllBrokersDown, "all down"));
        log.OnError("c#producer-1", new Error(ErrorCode.Local_Fatal, "fenced", isFatal: true));
        log.OnError("c#producer-1", new Error(ErrorCode.Local_Fatal, "fenced", isFatal: true));
        time.Advance(KafkaClientLog.ErrorInterval);
        log.OnError("c#producer-1", new Error(ErrorCode.Local_Transport, "down"));

        var lines = logger.Collector.GetSnapshot();
        Assert.Equal(
            [(LogLevel.Warning, "Local_Transport", "0"), (LogLevel.Warning, "Local_AllBrokersDown", "0"), (LogLevel.Error, "Local_Fatal", null),
                (LogLevel.Error, "Local_Fatal", null), (LogLevel.Warning, "Local_Transport", "1")],
            lines.Select(l => (l.Level, l.GetStructuredStateValue("KafkaErrorCode"), l.GetStructuredStateValue("HeldBack"))));
    }

    [Fact]
    public void An_identical_warning_or_error_line_is_logged_once_per_interval_and_debug_lines_every_time()
    {
        // strangler dlq list against a closed port: librdkafka logged this same line every 50 ms, 580 in 30 s.
        var time = new FakeTimeProvider();
        var logger = new FakeLogger();
        var log = new KafkaClientLog(logger, [], time);
        const string refused = "127.0.0.1:9/bootstrap: Connect to ipv4#127.0.0.1:9 failed: Connection refused (after 0ms in state CONNECT)";

        log.OnLog(new LogMessage("c#consumer-1", SyslogLevel.Error, "FAIL", refused));
        log.OnLog(new LogMessage("c#consumer-1", SyslogLevel.Error, "FAIL", refused));
        log.OnLog(new LogMessage("c#consumer-1", SyslogLevel.Error, "FAIL", refused));
        log.OnLog(new LogMessage("c#consumer-1", SyslogLevel.Error, "FAIL", refused.Replace("0ms", "2ms", StringComparison.Ordinal)));
        log.OnLog(new LogMessage("c#consumer-1", SyslogLevel.Debug, "BROKER", "connecting"));
        log.OnLog(new LogMessage("c#consumer-1", SyslogLevel.Debug, "BROKER", "connecting"));
        time.Advance(KafkaClientLog.ErrorInterval);
        log.OnLog(new LogMessage("c#consumer-1", SyslogLevel.Error, "FAIL", refused));

        Assert.Equal(
            [(LogLevel.Error, "FAIL", null), (LogLevel.Error, "FAIL", null), (LogLevel.Debug, "BROKER", null), (LogLevel.Debug, "BROKER", null),
                (LogLevel.Error, "FAIL", "2")],
            logger.Collector.GetSnapshot().Select(l => (l.Level, l.GetStructuredStateValue("KafkaFacility"), l.GetStructuredStateValue("HeldBack"))));
        Assert.Contains("(2 identical line(s) held back since it was last logged", logger.Collector.LatestRecord.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_settings_value_is_taken_out_of_log_lines_and_errors()
    {
        var logger = new FakeLogger();
        var log = new KafkaClientLog(logger, new Dictionary<string, string> { ["sasl.password"] = "s3cret-Value", ["sasl.username"] = "sync" });

        log.OnLog(new LogMessage("c#consumer-1", SyslogLevel.Error, "SASL", "auth as sync with s3cret-Value failed"));
        log.OnError("c#consumer-1", new Error(ErrorCode.SaslAuthenticationFailed, "s3cret-Value refused", isFatal: true));

        Assert.All(logger.Collector.GetSnapshot(), r => Assert.DoesNotContain("s3cret-Value", r.Message, StringComparison.Ordinal));
        Assert.Equal("auth as sync with [redacted] failed", logger.Collector.GetSnapshot()[0].GetStructuredStateValue("KafkaMessage"));
    }

    private static IEnumerable<FakeLogRecord> Lines(FakeLoggerProvider logs, string category) =>
        logs.Collector.GetSnapshot().Where(r => r.Category == category);

    private static bool IsBrokerDown(FakeLogRecord record) =>
        record.Level >= LogLevel.Warning && record.GetStructuredStateValue("KafkaFacility") == "FAIL"
        && record.Message.Contains("Connection refused", StringComparison.Ordinal);
}
