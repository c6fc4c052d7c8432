namespace Strangler.Sync.Stores;

/// <summary>
/// Reads a collection in id order and many documents at once, for the reconciler: the documents that have no legacy
/// row are found by paging through the ids (keyset: after the last id seen, never skip/offset).
/// </summary>
internal interface IDocumentScan
{
    /// <summary>Up to <paramref name="limit"/> ids of live documents (no tombstones, no stubs) after <paramref name="after"/> (null: from the start), in id order.</summary>
    Task<IReadOnlyList<object>> ListIdsAsync(string collection, object? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="count"/> ids of live documents chosen at random, each equally likely: the continuous
    /// check's sample from the new side, which finds documents whose legacy row is gone (a missed delete), as a sample
    /// of legacy keys never can. This default goes through every live id in pages (<see cref="SampleByPagesAsync"/>); a
    /// store with a quicker way of its own (MongoDB's <c>$sample</c>, the embedded store's id index) uses that.
    /// </summary>
    Task<IReadOnlyList<object>> SampleIdsAsync(string collection, int count, CancellationToken cancellationToken) =>
        SampleByPagesAsync(this, collection, count, cancellationToken);

    /// <summary>
    /// The default <see cref="SampleIdsAsync"/>: a reservoir sample of every live id of <paramref name="scan"/>, read in
    /// pages of 1,000 through <see cref="ListIdsAsync"/>. Also the fallback of a store whose own way can fall short.
    /// </summary>
    static async Task<IReadOnlyList<object>> SampleByPagesAsync(IDocumentScan scan, string collection, int count, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return [];
        }

        var sample = new Reservoir<object>(count);
        object? after = null;
        while (true)
        {
            var page = await scan.ListIdsAsync(collection, after, 1000, cancellationToken);
            foreach (var id in page)
            {
                sample.Offer(id);
            }

            if (page.Count < 1000)
            {
                return sample.Items;
            }

            after = page[^1];
        }
    }

    /// <summary>The documents with the given ids (tombstones included), by id; absent ids are missing from the result.</summary>
    Task<IReadOnlyDictionary<object, IReadOnlyDictionary<string, object?>>> FindManyAsync(
        string collection, IReadOnlyCollection<object> ids, CancellationToken cancellationToken);
}
