using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>
/// A logger provider for a whole host: every line of every category, formatted, with its exception, for a test that
/// checks what the logs say (or never say, such as a secret).
/// </summary>
public sealed class CapturedLogLines : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(_lines);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception) + (exception is null ? "" : " " + exception));
    }
}
