using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Xunit.v3;

[assembly: RunnerHeartbeat]

namespace Strangler.Tests.Shared;

/// <summary>
/// Every test that runs longer than <see cref="Interval"/> writes a line to its output each interval, so the test
/// runner hears from the test process while it runs.
/// </summary>
/// <remarks>
/// xunit's VSTest adapter reads the test process's messages on one thread and waits for its exit on another. When the
/// process exits it waits for the "assembly finished" message only until 60 s after the last message it read, so when
/// the last test ran alone and silent for over a minute (the crash campaigns take two) and the exit was seen before
/// the final messages were read, it reported "Test process crashed with exit code 0" and failed a run whose tests
/// had all passed (CI, twice). Diagnostic messages do not count (the adapter hands them to another sink); test output
/// does.
/// </remarks>
[AttributeUsage(AttributeTargets.Assembly)]
internal sealed class RunnerHeartbeatAttribute : BeforeAfterTestAttribute
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(20);

    private readonly ConcurrentDictionary<string, IDisposable> _running = new();

    public override void Before(MethodInfo methodUnderTest, IXunitTest test)
    {
        if (TestContext.Current.TestOutputHelper is { } output)
        {
            _running[test.UniqueID] = Start(output, Interval);
        }
    }

    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        if (_running.TryRemove(test.UniqueID, out var heartbeat))
        {
            heartbeat.Dispose();
        }
    }

    /// <summary>Writes "still running after N s" to <paramref name="output"/> every <paramref name="interval"/> until disposed.</summary>
    public static IDisposable Start(ITestOutputHelper output, TimeSpan interval)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        return new Timer(_ =>
        {
            try
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[heartbeat] still running after {started.Elapsed.TotalSeconds:F0} s"));
            }
            catch (InvalidOperationException)
            {
                // The test finished between the tick and the write: its output is closed, and nothing is owed.
            }
        }, null, interval, interval);
    }
}
