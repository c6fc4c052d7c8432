using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
// Aliases, not the namespace: the CLI (a web project) imports Microsoft.Extensions.Logging implicitly and the outbox
// does not, and a using one of them does not need fails its build (IDE0005).
using ILogger = Microsoft.Extensions.Logging.ILogger;
using ILoggerFactory = Microsoft.Extensions.Logging.ILoggerFactory;
using LoggerMessageAttribute = Microsoft.Extensions.Logging.LoggerMessageAttribute;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Strangler.Kafka;

/// <summary>
/// Where one Kafka client's own lines go: librdkafka's log (a broker refusing connections, request time-outs, SASL
/// failures, and with the <c>debug</c> setting its debug contexts) and its error callback, both to an
/// <see cref="ILogger"/> of the client's category (<see cref="KafkaLogCategories"/>). Without a log handler
/// librdkafka prints to stderr itself, past the configured levels and the JSON console formatter; without an error
/// handler Confluent.Kafka drops the errors. Attach it with <see cref="KafkaClientLogging"/>.
/// </summary>
/// <remarks>
/// librdkafka calls both from its own threads, so neither may call the client back: they only log.
/// Repeated transient errors are throttled per error code (<see cref="LogThrottle{TKey}"/>): with the broker down,
/// librdkafka reports every reconnect attempt. Its log lines at Warning and above are throttled when identical: it
/// holds back an identical connection failure for 30 s itself ("N identical error(s) suppressed"), but not always (a
/// client waiting for metadata from a closed port logged the same failure every 50 ms). Its Information and Debug
/// lines are not, as a <c>debug</c> context is asked for.
/// </remarks>
internal sealed partial class KafkaClientLog
{
    /// <summary>At most one line per transient error code in this time.</summary>
    public static readonly TimeSpan ErrorInterval = TimeSpan.FromSeconds(10);

    private readonly ILogger _logger;
    private readonly SecretSettings _secrets;
    private readonly LogThrottle<ErrorCode> _errors;
    private readonly LogThrottle<(string Client, string Facility, string Message)> _lines;

    /// <param name="logger">The client's logger.</param>
    /// <param name="config">The client's librdkafka settings: their secret values are taken out of every line.</param>
    /// <param name="time">The clock of the error throttle.</param>
    public KafkaClientLog(ILogger logger, IEnumerable<KeyValuePair<string, string>> config, TimeProvider? time = null)
    {
        _logger = logger;
        _secrets = new SecretSettings(config);
        _errors = new LogThrottle<ErrorCode>(time ?? TimeProvider.System, ErrorInterval);
        _lines = new LogThrottle<(string, string, string)>(time ?? TimeProvider.System, ErrorInterval);
    }

    /// <summary>A log for a client of <paramref name="category"/>; no <paramref name="loggers"/> drops its lines.</summary>
    public static KafkaClientLog For(
        ILoggerFactory? loggers, string category, IEnumerable<KeyValuePair<string, string>> config, TimeProvider? time = null) =>
        new((loggers ?? NullLoggerFactory.Instance).CreateLogger(category), config, time);

    /// <summary>librdkafka's log callback.</summary>
    public void OnLog(LogMessage message)
    {
        var level = LevelOf(message.Level);
        if (!_logger.IsEnabled(level))
        {
            return;
        }

        if (level < LogLevel.Warning)
        {
            LogLine(_logger, level, message.Name, message.Facility, _secrets.Redact(message.Message));
        }
        else if (_lines.Admit((message.Name, message.Facility, message.Message)) is { } heldBack)
        {
            var text = _secrets.Redact(message.Message);
            if (heldBack == 0)
            {
                LogLine(_logger, level, message.Name, message.Facility, text);
            }
            else
            {
                LogRepeatedLine(_logger, level, message.Name, message.Facility, text, heldBack, ErrorInterval);
            }
        }
    }

    /// <summary>librdkafka's error callback, for <paramref name="client"/> (the client's name).</summary>
    public void OnError(string client, Error error)
    {
        if (error.IsFatal)
        {
            // The client is of no further use (e.g. an idempotent producer's sequence broke): every one is written.
            LogFatal(_logger, client, error.Code, _secrets.Redact(error.Reason));
        }
        else if (_errors.Admit(error.Code) is { } heldBack)
        {
            // Transient: librdkafka retries on its own, so the client's callers see it only if it lasts.
            LogTransient(_logger, client, error.Code, _secrets.Redact(error.Reason), heldBack, ErrorInterval);
        }
    }

    /// <summary>
    /// The level of a librdkafka line: syslog's levels one for one, where ILogger has one. librdkafka writes a failed
    /// connection as an error, a deprecated setting as a warning, and every line of a <c>debug</c> context at 7, so
    /// those are shown only where the category's level is Debug.
    /// </summary>
    internal static LogLevel LevelOf(SyslogLevel level) => level switch
    {
        SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
        SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };

    [LoggerMessage(EventId = 1, EventName = "KafkaClientLog", Message = "{KafkaClient} {KafkaFacility}: {KafkaMessage}")]
    private static partial void LogLine(ILogger logger, LogLevel level, string kafkaClient, string kafkaFacility, string kafkaMessage);

    [LoggerMessage(EventId = 4, EventName = "KafkaClientLogRepeated",
        Message = "{KafkaClient} {KafkaFacility}: {KafkaMessage} ({HeldBack} identical line(s) held back since it was last logged, one per {Interval})")]
    private static partial void LogRepeatedLine(
        ILogger logger, LogLevel level, string kafkaClient, string kafkaFacility, string kafkaMessage, int heldBack, TimeSpan interval);

    [LoggerMessage(EventId = 2, EventName = "KafkaClientFatalError", Level = LogLevel.Error,
        Message = "{KafkaClient}: fatal Kafka error {KafkaErrorCode}: {Reason}")]
    private static partial void LogFatal(ILogger logger, string kafkaClient, ErrorCode kafkaErrorCode, string reason);

    [LoggerMessage(EventId = 3, EventName = "KafkaClientError", Level = LogLevel.Warning,
        Message = "{KafkaClient}: Kafka error {KafkaErrorCode}: {Reason}; {HeldBack} more such error(s) since the last line (one line per {Interval} per kind)")]
    private static partial void LogTransient(ILogger logger, string kafkaClient, ErrorCode kafkaErrorCode, string reason, int heldBack, TimeSpan interval);
}
