using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>A logger that keeps every line it is given, formatted, for a test to read.</summary>
public sealed class LogLines<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue(formatter(state, exception));
}
