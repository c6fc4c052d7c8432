namespace Strangler.Sync.Stores;

/// <summary>
/// The new service's document store as the projection sees it: guarded writes (a write whose position is not after
/// the stored one is a no-op), reads by id, and the pruning of old tombstones. Implementations: LiteDB (embedded) and
/// MongoDB.
/// </summary>
internal interface IDocumentStore
{
    /// <summary>Applies <paramref name="writes"/> in order to <paramref name="collection"/>; throws on a transient failure.</summary>
    Task<WriteCounts> ApplyAsync(string collection, IReadOnlyList<DocumentWrite> writes, CancellationToken cancellationToken);

    /// <summary>The document with <paramref name="id"/> as plain CLR values (tombstones included), or null.</summary>
    Task<IReadOnlyDictionary<string, object?>?> FindAsync(string collection, object id, CancellationToken cancellationToken);

    /// <summary>
    /// The document with <paramref name="id"/> as a reader sees it: null when it is absent or a tombstone, and its
    /// arrays without tombstone items.
    /// </summary>
    async Task<IReadOnlyDictionary<string, object?>?> FindLiveAsync(string collection, object id, CancellationToken cancellationToken) =>
        LiveDocuments.Of(await FindAsync(collection, id, cancellationToken));

    /// <summary>
    /// Removes the tombstones of <paramref name="collection"/> written before <paramref name="deletedBefore"/>: whole
    /// documents, and items of <paramref name="arrays"/>, at most <paramref name="batchSize"/> documents per write.
    /// Tombstones without a time (written before tombstones had one) get the current time, so they go one retention later.
    /// </summary>
    Task<TombstonePruneCounts> PruneTombstonesAsync(
        string collection, IReadOnlyCollection<string> arrays, DateTimeOffset deletedBefore, int batchSize, CancellationToken cancellationToken);
}
