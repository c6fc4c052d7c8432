using Strangler.Sync.Stores;

namespace Strangler.Sync.Reconcile;

/// <summary>
/// A job's progress reports, one at a time: the batches' own as they commit, and, while the store has given no answer
/// for <see cref="WaitShownAfter"/>, the last of them again each second with what the job waits for in place of a count
/// that does not move. Both jobs use it, a reconcile reading the store and a load writing to it.
/// </summary>
internal sealed class JobReports : IDisposable
{
    /// <summary>
    /// A batch's store read or write takes milliseconds; a wait this long is another process's hold on the file (or a
    /// store in trouble).
    /// </summary>
    public static readonly TimeSpan WaitShownAfter = TimeSpan.FromSeconds(3);

    private readonly Lock _gate = new();
    private readonly Action<ReconcileProgress>? _progress;
    private readonly ITimer _timer;
    private ReconcileProgress _last;

    /// <param name="progress">Where reports go; null: nowhere.</param>
    /// <param name="first">The report before any batch: the keys and findings of earlier runs, and the total.</param>
    /// <param name="watch">The store's reads and writes as the job makes them.</param>
    /// <param name="store">The store, to name it: a LiteDB file by its path.</param>
    /// <param name="time">The clock of the timer that looks at the watch each second.</param>
    public JobReports(Action<ReconcileProgress>? progress, ReconcileProgress first, StoreWatch watch, IDocumentStore store, TimeProvider time)
    {
        _progress = progress;
        _last = first;
        Report(first);
        var waitedFor = StoreWatch.Describe(store);
        _timer = time.CreateTimer(
            _ =>
            {
                if (watch.Waiting is { } waited && waited >= WaitShownAfter)
                {
                    lock (_gate)
                    {
                        _progress?.Invoke(Waited(_last, waitedFor, waited));
                    }
                }
            },
            null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// <paramref name="report"/> as a job kept waiting repeats it: what it waits for in place of its figures
    /// (<see cref="ReconcileProgress.Waiting"/>), and for how long.
    /// </summary>
    /// <param name="report">The last report (or the one before any, while the store is opened).</param>
    /// <param name="what">The store, in the job's words (<see cref="StoreWatch.Describe(string)"/>).</param>
    /// <param name="waited">How long it has waited.</param>
    public static ReconcileProgress Waited(ReconcileProgress report, string what, TimeSpan waited) => report with
    {
        Waiting = $"waiting {waited.TotalSeconds:F0} s for {what}: another process holds it (a sync worker, the new service) or it is slow to answer",
        WaitedFor = waited,
    };

    /// <summary>A batch's report; the one a wait repeats until the next.</summary>
    public void Report(ReconcileProgress next)
    {
        lock (_gate)
        {
            _last = next;
            _progress?.Invoke(next);
        }
    }

    public void Dispose() => _timer.Dispose();
}
