namespace Strangler.Sync.Stores;

/// <summary>
/// The new service's document store as the projection sees it: guarded writes (a write whose position is not after
/// the stored one is a no-op) and a read by id. Implementations: LiteDB (embedded) and MongoDB.
/// </summary>
public interface IDocumentStore
{
    /// <summary>Applies <paramref name="writes"/> in order to <paramref name="collection"/>; throws on a transient failure.</summary>
    Task<WriteCounts> ApplyAsync(string collection, IReadOnlyList<DocumentWrite> writes, CancellationToken cancellationToken);

    /// <summary>The document with <paramref name="id"/> as plain CLR values (tombstones included), or null.</summary>
    Task<IReadOnlyDictionary<string, object?>?> FindAsync(string collection, object id, CancellationToken cancellationToken);
}
