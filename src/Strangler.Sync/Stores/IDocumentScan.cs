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
    /// of legacy keys never can. This default goes through every id in pages (reservoir sampling), which the embedded
    /// store affords; a store with a sampling query of its own (MongoDB's <c>$sample</c>) uses that.
    /// </summary>
    async Task<IReadOnlyList<object>> SampleIdsAsync(string collection, int count, CancellationToken cancellationToken)
    {
        var sample = new List<object>(Math.Min(count, 10_000));
        if (count <= 0)
        {
            return sample;
        }

        var seen = 0L;
        object? after = null;
        while (true)
        {
            var page = await ListIdsAsync(collection, after, 1000, cancellationToken);
            foreach (var id in page)
            {
                // Algorithm R: the n-th id replaces a random one of the sample with probability count / n.
                seen++;
                if (sample.Count < count)
                {
                    sample.Add(id);
                }
                else
                {
                    var slot = Random.Shared.NextInt64(seen);
                    if (slot < count)
                    {
                        sample[(int)slot] = id;
                    }
                }
            }

            if (page.Count < 1000)
            {
                return sample;
            }

            after = page[^1];
        }
    }

    /// <summary>The documents with the given ids (tombstones included), by id; absent ids are missing from the result.</summary>
    Task<IReadOnlyDictionary<object, IReadOnlyDictionary<string, object?>>> FindManyAsync(
        string collection, IReadOnlyCollection<object> ids, CancellationToken cancellationToken);
}
