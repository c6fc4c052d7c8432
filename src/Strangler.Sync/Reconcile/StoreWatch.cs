using Strangler.Sync.Stores;

namespace Strangler.Sync.Reconcile;

/// <summary>
/// The store as a job uses it, timed: how long the store has given no answer while a read or write waits. A reconcile
/// beside a sync worker sat at "0 keys" for 40 s with nothing to say why: LiteDB's shared mode lets one process at a
/// time into the file, and the worker held it (its tombstone prune read the whole collection under one hold). Pruning
/// and a truncate now let others in between pages, but any long hold (the new service's own transaction, a file being
/// rebuilt) looks the same, so the job says what it waits for (<see cref="JobReports"/>) instead of showing a count
/// that does not move.
/// </summary>
internal sealed class StoreWatch(IDocumentStore store, TimeProvider time) : IDocumentStore, IDocumentScan
{
    // Both stores are their own scan.
    private readonly IDocumentScan _scan = store as IDocumentScan ?? throw new InvalidOperationException($"the store {store.GetType().Name} cannot be scanned");
    private readonly Lock _gate = new();
    private int _pending;
    private DateTimeOffset _lastAnswer = time.GetUtcNow();

    /// <summary>How long reads and writes have waited with no answer from the store; null when none waits.</summary>
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
        store is LiteDbDocumentStore lite ? Describe(lite.FilePath) : "the store";

    /// <summary>The LiteDB file at <paramref name="path"/>, in a job's words.</summary>
    public static string Describe(string path) => $"the store file {Path.GetFullPath(path)}";

    public Task<WriteCounts> ApplyAsync(string collection, IReadOnlyList<DocumentWrite> writes, CancellationToken cancellationToken) =>
        TimedAsync(() => store.ApplyAsync(collection, writes, cancellationToken));

    public Task<IReadOnlyDictionary<string, object?>?> FindAsync(string collection, object id, CancellationToken cancellationToken) =>
        TimedAsync(() => store.FindAsync(collection, id, cancellationToken));

    public Task<TombstonePruneCounts> PruneTombstonesAsync(
        string collection, IReadOnlyCollection<string> arrays, DateTimeOffset deletedBefore, int batchSize, CancellationToken cancellationToken) =>
        TimedAsync(() => store.PruneTombstonesAsync(collection, arrays, deletedBefore, batchSize, cancellationToken));

    public Task<IReadOnlyList<object>> ListIdsAsync(string collection, object? after, int limit, CancellationToken cancellationToken) =>
        TimedAsync(() => _scan.ListIdsAsync(collection, after, limit, cancellationToken));

    public Task<IReadOnlyDictionary<object, IReadOnlyDictionary<string, object?>>> FindManyAsync(
        string collection, IReadOnlyCollection<object> ids, CancellationToken cancellationToken) =>
        TimedAsync(() => _scan.FindManyAsync(collection, ids, cancellationToken));

    public Task<IReadOnlyList<object>> SampleIdsAsync(string collection, int count, CancellationToken cancellationToken) =>
        TimedAsync(() => _scan.SampleIdsAsync(collection, count, cancellationToken));

    private async Task<T> TimedAsync<T>(Func<Task<T>> call)
    {
        lock (_gate)
        {
            // Time between calls is the job's own, not the store's.
            _lastAnswer = _pending++ == 0 ? time.GetUtcNow() : _lastAnswer;
        }

        try
        {
            // The LiteDB store answers synchronously, under its lock: off the caller's thread, so a caller that waits can
            // still be told about.
            return await Task.Run(call);
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
