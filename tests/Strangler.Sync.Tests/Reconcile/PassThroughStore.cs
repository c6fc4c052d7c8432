using Strangler.Sync.Stores;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>The embedded store as the reconciler sees it, for a test store that changes how documents are read.</summary>
internal abstract class PassThroughStore(LiteDbDocumentStore store) : IDocumentStore, IDocumentScan
{
    protected LiteDbDocumentStore Store => store;

    public Task<WriteCounts> ApplyAsync(string collection, IReadOnlyList<DocumentWrite> writes, CancellationToken cancellationToken) =>
        store.ApplyAsync(collection, writes, cancellationToken);

    public Task<IReadOnlyDictionary<string, object?>?> FindAsync(string collection, object id, CancellationToken cancellationToken) =>
        store.FindAsync(collection, id, cancellationToken);

    public Task<TombstonePruneCounts> PruneTombstonesAsync(
        string collection, IReadOnlyCollection<string> arrays, DateTimeOffset deletedBefore, int batchSize, CancellationToken cancellationToken) =>
        store.PruneTombstonesAsync(collection, arrays, deletedBefore, batchSize, cancellationToken);

    public Task<IReadOnlyList<object>> ListIdsAsync(string collection, object? after, int limit, CancellationToken cancellationToken) =>
        store.ListIdsAsync(collection, after, limit, cancellationToken);

    public virtual Task<IReadOnlyDictionary<object, IReadOnlyDictionary<string, object?>>> FindManyAsync(
        string collection, IReadOnlyCollection<object> ids, CancellationToken cancellationToken) =>
        store.FindManyAsync(collection, ids, cancellationToken);
}
