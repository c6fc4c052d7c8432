namespace Strangler.Sync.Reconcile;

/// <summary>
/// Runs batches of keys with at most <c>concurrency</c> in flight and commits their results in key order: a batch is
/// committed only after every batch before it, so "done up to key K" is always a prefix of the key order and a
/// checkpoint can say it in one key.
/// </summary>
internal static class OrderedBatches
{
    /// <param name="nextPage">The next page of keys after the previous one; empty when there are none left.</param>
    /// <param name="work">Works on one page (on its own connection); runs concurrently with others.</param>
    /// <param name="commit">Commits one page's result; called in page order, one at a time.</param>
    /// <param name="concurrency">The most pages in flight.</param>
    /// <param name="cancellationToken">Stops the job; pages not committed are done again by the next run.</param>
    public static async Task RunAsync<T>(
        Func<CancellationToken, Task<IReadOnlyList<object>>> nextPage,
        Func<IReadOnlyList<object>, CancellationToken, Task<T>> work,
        Func<IReadOnlyList<object>, T, Task> commit,
        int concurrency,
        CancellationToken cancellationToken)
    {
        var inFlight = new Queue<(IReadOnlyList<object> Keys, Task<T> Work)>();
        try
        {
            while (true)
            {
                while (inFlight.Count > 0 && (inFlight.Peek().Work.IsCompleted || inFlight.Count >= concurrency))
                {
                    var (keys, task) = inFlight.Dequeue();
                    await commit(keys, await task);
                }

                var page = await nextPage(cancellationToken);
                if (page.Count == 0)
                {
                    break;
                }

                inFlight.Enqueue((page, Task.Run(() => work(page, cancellationToken), cancellationToken)));
            }

            while (inFlight.Count > 0)
            {
                var (keys, task) = inFlight.Dequeue();
                await commit(keys, await task);
            }
        }
        finally
        {
            // Nothing is left running against the databases when the job stops early.
            await Task.WhenAll(inFlight.Select(f => (Task)f.Work)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
