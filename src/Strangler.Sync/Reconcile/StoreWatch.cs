using Strangler.Sync.Stores;

namespace Strangler.Sync.Reconcile;

/// <summary>
/// The store's reads as a job makes them, timed: how long the store has given no answer while a read waits. A reconcile
/// beside a sync worker sat at "0 keys" for 40 s with nothing to say why: LiteDB's shared mode lets one process at a
/// time into the file, and the worker held it (its tombstone prune read the whole collection under one hold). Pruning
/// now lets others in between pages, but any long hold (a worker's truncate, the new service) looks the same, so the
/// job says what it waits for instead of showing a count that does not move.
/// </summary>
internal sealed class StoreWatch(IDocumentScan scan, TimeProvider time) : IDocumentScan
{
    private readonly Lock _gate = new();
    private int _pending;
    private DateTimeOffset _lastAnswer = time.GetUtcNow();

    /// <summary>How long reads have waited with no answer from the store; null when none waits.</summary>
    public TimeSpan? Waiting
    {
        get
        {
            lock (_gate)
            {
                return _pending == 0 ? null : time.GetUtcNow() - _lastAnswer;
            }
        }
    }

    /// <summary>What the job waits for, in its words: the LiteDB file by its path.</summary>
    public static string Describe(IDocumentStore store) =>
        store is LiteDbDocumentStore lite ? $"the store file {lite.FilePath}" : "the store";

    public Task<IReadOnlyList<object>> ListIdsAsync(string collection, object? after, int limit, CancellationToken cancellationToken) =>
        TimedAsync(() => scan.ListIdsAsync(collection, after, limit, cancellationToken));

    public Task<IReadOnlyDictionary<object, IReadOnlyDictionary<string, object?>>> FindManyAsync(
        string collection, IReadOnlyCollection<object> ids, CancellationToken cancellationToken) =>
        TimedAsync(() => scan.FindManyAsync(collection, ids, cancellationToken));

    public Task<IReadOnlyList<object>> SampleIdsAsync(string collection, int count, CancellationToken cancellationToken) =>
        TimedAsync(() => scan.SampleIdsAsync(collection, count, cancellationToken));

    private async Task<T> TimedAsync<T>(Func<Task<T>> read)
    {
        lock (_gate)
        {
            // Time between reads is the job's own, not the store's.
            _lastAnswer = _pending++ == 0 ? time.GetUtcNow() : _lastAnswer;
        }

        try
        {
            // The LiteDB store answers synchronously, under its lock: off the caller's thread, so a caller that waits can
            // still be told about.
            return await Task.Run(read);
        }
        finally
        {
            lock (_gate)
            {
                _pending--;
                _lastAnswer = time.GetUtcNow();
            }
        }
    }
}
