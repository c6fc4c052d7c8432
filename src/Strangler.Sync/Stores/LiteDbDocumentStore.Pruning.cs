using LiteDB;

namespace Strangler.Sync.Stores;

internal sealed partial class LiteDbDocumentStore
{
    /// <summary>Documents a scan of the whole collection (the prune's, a truncate's) reads under one hold of the file.</summary>
    internal int ScanPageSize { get; init; } = 1_000;

    public Task<TombstonePruneCounts> PruneTombstonesAsync(
        string collection, IReadOnlyCollection<string> arrays, DateTimeOffset deletedBefore, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var cutoff = deletedBefore.UtcDateTime;
        var now = _time.GetUtcNow().UtcDateTime;
        // LiteDB cannot match inside arrays by a condition, so a scan finds the candidates, and the writes then go in
        // transactions of batchSize documents, the lock released in between so that the projection is never held up
        // for long.
        var candidates = Candidates(collection, arrays, cutoff, now, cancellationToken);

        var counts = default(TombstonePruneCounts);
        foreach (var batch in candidates.Chunk(batchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (_gate)
            {
                counts += PruneBatch(_database.GetCollection(collection), batch, arrays, cutoff, now);
            }
        }

        return Task.FromResult(counts);
    }

    // In pages (PagesById): one FindAll held the file for the whole collection, 0.4 s for 50,000 documents here and
    // tens of seconds for the million of a first fill, and a reconcile beside the worker sat at 0 keys until it ended.
    private List<BsonValue> Candidates(string collection, IReadOnlyCollection<string> arrays, DateTime cutoff, DateTime now, CancellationToken cancellationToken) =>
        PagesById(collection, ScanPageSize, query => query.OrderBy(DocumentFields.Id), cancellationToken)
            .SelectMany(page => page.Where(d => Prune(d, arrays, cutoff, now).Changed).Select(d => d[DocumentFields.Id]))
            .ToList();

    private TombstonePruneCounts PruneBatch(
        ILiteCollection<BsonDocument> documents, BsonValue[] ids, IReadOnlyCollection<string> arrays, DateTime cutoff, DateTime now)
    {
        var counts = default(TombstonePruneCounts);
        _database.BeginTrans();
        try
        {
            foreach (var id in ids)
            {
                // Read again inside the transaction: the projection may have written the document since the scan.
                if (documents.FindById(id) is not { } document)
                {
                    continue;
                }

                var (changed, pruned) = Prune(document, arrays, cutoff, now);
                if (pruned is null)
                {
                    documents.Delete(id);
                    counts += new TombstonePruneCounts(1, 0);
                }
                else if (changed)
                {
                    documents.Update(pruned.Document);
                    counts += new TombstonePruneCounts(0, pruned.Arrays);
                }
            }

            _database.Commit();
            return counts;
        }
        catch
        {
            _database.Rollback();
            throw;
        }
    }

    /// <summary>
    /// What pruning does to <paramref name="document"/>: null when it is a tombstone past the cutoff (delete it), else
    /// the document without its old tombstone items and with a time on tombstones that had none.
    /// </summary>
    private static (bool Changed, PrunedDocument? Pruned) Prune(BsonDocument document, IReadOnlyCollection<string> arrays, DateTime cutoff, DateTime now)
    {
        if (IsDeleted(document))
        {
            return DeletedAt(document) is { } deletedAt
                ? (deletedAt < cutoff ? (true, null) : (false, new PrunedDocument(document, 0)))
                : (Stamp(document, now), new PrunedDocument(document, 0));
        }

        var changed = false;
        var prunedArrays = 0;
        foreach (var array in arrays)
        {
            if (!document.TryGetValue(array, out var value) || !value.IsArray)
            {
                continue;
            }

            var items = value.AsArray;
            var kept = new BsonArray(items.Where(i => !(i.IsDocument && IsDeleted(i.AsDocument) && DeletedAt(i.AsDocument) < cutoff)));
            if (kept.Count < items.Count)
            {
                document[array] = kept;
                prunedArrays++;
                changed = true;
            }

            foreach (var item in kept.Where(i => i.IsDocument && IsDeleted(i.AsDocument)))
            {
                changed |= Stamp(item.AsDocument, now);
            }
        }

        return (changed, new PrunedDocument(document, prunedArrays));
    }

    private static bool Stamp(BsonDocument tombstone, DateTime now)
    {
        if (DeletedAt(tombstone) is not null)
        {
            return false;
        }

        tombstone[DocumentFields.DeletedAt] = now;
        return true;
    }

    private static DateTime? DeletedAt(BsonDocument document) =>
        document.TryGetValue(DocumentFields.DeletedAt, out var value) && value.IsDateTime ? value.AsDateTime.ToUniversalTime() : null;

    private sealed record PrunedDocument(BsonDocument Document, int Arrays);
}
