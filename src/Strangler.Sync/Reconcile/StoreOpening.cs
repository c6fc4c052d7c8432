using Strangler.Sync.Hosting;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Reconcile;

/// <summary>
/// Opens a job's store, saying what it waits for while it cannot: opening a LiteDB file reads it (its collation), and
/// in shared mode that waits for any other process's hold on the file, before the job has printed a line. Each second
/// after <see cref="JobReports.WaitShownAfter"/> the job reports, in its first phase's name with no keys yet, what it
/// waits for, as it does between batches.
/// </summary>
internal static class StoreOpening
{
    /// <param name="options">The worker's store settings.</param>
    /// <param name="phase">The phase to report under (the job's first).</param>
    /// <param name="progress">Where reports go; not the metrics' callback, whose first report sets its baseline.</param>
    /// <param name="time">The clock.</param>
    /// <param name="cancellationToken">Stops waiting; a store opened after that is closed.</param>
    public static async Task<IDocumentStore> OpenAsync(
        StoreOptions options, string phase, Action<ReconcileProgress>? progress, TimeProvider time, CancellationToken cancellationToken)
    {
        var opening = Task.Run(() => SyncServiceCollectionExtensions.CreateStore(options, time), CancellationToken.None);
        var what = options.Kind == "mongodb" ? "the store" : StoreWatch.Describe(LiteDbDefaultPath.Of(options));
        var started = time.GetTimestamp();
        try
        {
            while (await Task.WhenAny(opening, Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken)) != opening)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (time.GetElapsedTime(started) is var waited && waited >= JobReports.WaitShownAfter)
                {
                    progress?.Invoke(JobReports.Waited(new ReconcileProgress(phase, 0, null, 0, 0), what, waited));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The file is still being waited for: whoever gets it closes it.
            _ = opening.ContinueWith(t => (t.Result as IDisposable)?.Dispose(), CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }

        return await opening;
    }
}
