namespace Strangler.Sync.Stores;

/// <summary>
/// Reads a collection in id order and many documents at once, for the reconciler: the documents that have no legacy
/// row are found by paging through the ids (keyset: after the last id seen, never skip/offset).
/// </summary>
internal interface IDocumentScan
{
    /// <summary>Up to <paramref name="limit"/> ids of live documents (no tombstones, no stubs) after <paramref name="after"/> (null: from the start), in id order.</summary>
    Task<IReadOnlyList<object>> ListIdsAsync(string collection, object? after, int limit, CancellationToken cancellationToken);

    /// <summary>The documents with the given ids (tombstones included), by id; absent ids are missing from the result.</summary>
    Task<IReadOnlyDictionary<object, IReadOnlyDictionary<string, object?>>> FindManyAsync(
        string collection, IReadOnlyCollection<object> ids, CancellationToken cancellationToken);
}
