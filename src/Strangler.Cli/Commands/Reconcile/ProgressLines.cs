using System.Globalization;
using Strangler.Sync.Reconcile;

namespace Strangler.Cli.Commands.Reconcile;

/// <summary>
/// Progress of a long job as plain lines, at most one every few seconds: readable in a terminal and in a log alike.
/// </summary>
internal sealed class ProgressLines(TextWriter output, TimeProvider time)
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);
    private DateTimeOffset _last = DateTimeOffset.MinValue;

    public void Report(ReconcileProgress progress)
    {
        var now = time.GetUtcNow();
        if (now - _last < Every)
        {
            return;
        }

        _last = now;
        var total = progress.KeysTotal is { } t ? $"/{t}" : string.Empty;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{progress.Phase}: {progress.KeysDone}{total} keys, {progress.Findings} findings, {progress.KeysPerSecond:F0} keys/s"));
    }
}
