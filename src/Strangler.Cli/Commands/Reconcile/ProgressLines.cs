using System.Globalization;
using Strangler.Sync.Reconcile;

namespace Strangler.Cli.Commands.Reconcile;

/// <summary>
/// Progress of a long job as plain lines, at most one every few seconds: readable in a terminal and in a log alike.
/// </summary>
internal sealed class ProgressLines(TextWriter output, TimeProvider time, ProgressWords words)
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);
    private DateTimeOffset _last = DateTimeOffset.MinValue;
    private bool _figuresShown;

    public void Report(ReconcileProgress progress)
    {
        var now = time.GetUtcNow();
        // The job's first figures (its total, or a resumed run's count) always show, even just after a line saying
        // what it waited for while opening the store.
        var first = !_figuresShown && progress.Waiting is null;
        if (!first && now - _last < Every)
        {
            return;
        }

        _last = now;
        _figuresShown |= progress.Waiting is null;
        output.WriteLine(Line(progress, first, words));
    }

    private static string Line(ReconcileProgress progress, bool first, ProgressWords words)
    {
        var inv = CultureInfo.InvariantCulture;
        // The total is the root table's count at the start; a reconcile's second phase reads the store's ids on top,
        // and "11/5 keys" read as a miscount: once passed, the count stands alone, as the terminal's bar grows past it.
        // An estimate (a big table's, from the catalogue) is marked as one: "53000/~50000000 keys".
        var total = progress.KeysTotal is { } t && progress.KeysDone <= t ? string.Create(inv, $"/{About(progress, "~")}{t}") : string.Empty;
        if (progress.Waiting is { } waiting)
        {
            // Not "0 keys/s": what holds the job up, which the operator can act on. Before it knows its keys (opening
            // the store), only that.
            return progress is { KeysDone: 0, KeysTotal: null }
                ? $"{progress.Phase}: {waiting}"
                : string.Create(inv, $"{progress.Phase}: {progress.KeysDone}{total} keys, {waiting}");
        }

        // A job reports once before its first batch, at 0 keys/s: "0/6 keys, 0 keys/s" read as if nothing had been
        // checked, and a small job's only other line may be its summary.
        if (first && progress.KeysPerSecond == 0)
        {
            return progress.KeysDone == 0
                ? string.Create(inv, $"{progress.Phase}: starting, {(progress.KeysTotal is { } all ? About(progress, "about ") + all.ToString(inv) : "an unknown number of")} keys {words.ToDo}{EstimateNote(progress)}")
                : string.Create(inv, $"{progress.Phase}: resuming after {progress.KeysDone}{total} keys, {words.Counted(progress.Findings)} so far");
        }

        // The share and the time left, as the terminal's bar shows them: a job piped to a log overnight is the one whose
        // operator most needs to know when it will end.
        var share = JobTimeLeft.Percent(progress) is { } percent ? string.Create(inv, $" ({percent}%)") : string.Empty;
        var left = JobTimeLeft.Of(progress) is { } time ? $", about {JobTimeLeft.Text(time)} left" : string.Empty;
        return string.Create(inv, $"{progress.Phase}: {progress.KeysDone}{total} keys{share}, {words.Counted(progress.Findings)}, {progress.KeysPerSecond:F0} keys/s{left}");
    }

    private static string About(ReconcileProgress progress, string mark) => progress.TotalEstimated ? mark : string.Empty;

    private static string EstimateNote(ReconcileProgress progress) =>
        progress.TotalEstimated ? " (the database's estimate, not a count)" : string.Empty;
}
