namespace Strangler.Cli.Commands;

/// <summary>
/// Where <c>strangler dlq</c>'s Kafka clients log: to stderr, so that stdout keeps only the command's output (scripts
/// parse it), at Warning and above unless <c>Logging:LogLevel:*</c> (in <c>appsettings.json</c> of the current folder or
/// the environment, as <c>strangler load</c> reads them) says otherwise. Before, librdkafka's log was off
/// (<c>log_level=0</c>) and a wrong <c>--bootstrap-servers</c> showed only "did not answer" after the 30 s timeout; now
/// the client's own line says why (<c>Connect to ipv4#127.0.0.1:9092 failed: Connection refused</c>) as it happens.
/// </summary>
internal static class DlqLogging
{
    /// <summary>A logger factory to dispose before the command writes its own last line: disposing it flushes the console.</summary>
    public static ILoggerFactory Create(IConfiguration configuration) =>
        LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Warning)
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
}
