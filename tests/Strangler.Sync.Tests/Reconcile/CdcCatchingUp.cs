using Strangler.Sync.Stores;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// The embedded store, with one write held back until the reconciler has first read <c>key</c>: the change CDC
/// delivers while the job runs, between its first look and its recheck.
/// </summary>
internal sealed class CdcCatchingUp(LiteDbDocumentStore store, object key, DocumentWrite change) : IDocumentStore, IDocumentScan
{
    private int _applied;

    public Task<WriteCounts> ApplyAsync(string collection, IReadOnlyList<DocumentWrite> writes, CancellationToken cancellationToken) =>
        store.ApplyAsync(collection, writes, cancellationToken);

    public Task<IReadOnlyDictionary<string, object?>?> FindAsync(string collection, object id, CancellationToken cancellationToken) =>
        store.FindAsync(collection, id, cancellationToken);

    public Task<TombstonePruneCounts> PruneTombstonesAsync(
        string collection, IReadOnlyCollection<string> arrays, DateTimeOffset deletedBefore, int batchSize, CancellationToken cancellationToken) =>
        store.PruneTombstonesAsync(collection, arrays, deletedBefore, batchSize, cancellationToken);

    public Task<IReadOnlyList<object>> ListIdsAsync(string collection, object? after, int limit, CancellationToken cancellationToken) =>
        store.ListIdsAsync(collection, after, limit, cancellationToken);

    public async Task<IReadOnlyDictionary<object, IReadOnlyDictionary<string, object?>>> FindManyAsync(
        string collection, IReadOnlyCollection<object> ids, CancellationToken cancellationToken)
    {
        var found = await store.FindManyAsync(collection, ids, cancellationToken);
        if (ids.Contains(key) && Interlocked.Exchange(ref _applied, 1) == 0)
        {
            await store.ApplyAsync(collection, [change], cancellationToken);
        }

        return found;
    }
}
