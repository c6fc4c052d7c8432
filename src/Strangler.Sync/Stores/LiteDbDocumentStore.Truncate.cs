using LiteDB;
using Strangler.Sync.Debezium;

namespace Strangler.Sync.Stores;

internal sealed partial class LiteDbDocumentStore
{
    /// <summary>
    /// A truncate of the legacy table (<see cref="ClearDocuments"/>, <see cref="ClearItems"/>): every document in pages
    /// of <see cref="ScanPageSize"/> in id order (<see cref="PagesById"/>), each page read and rewritten in a transaction of its own. As one
    /// transaction it read the whole collection into memory and held the file (a named mutex every process opening it
    /// waits on) until the last tombstone was written, keeping the new service and a reconcile out, as the tombstone
    /// prune's one scan did. Readers see the truncate land page by page, as they do a MongoDB store's (an update of
    /// many documents is not one transaction there either). A truncate stopped half-way is whole again when its batch
    /// is applied again, as the pipeline does after a failure: the pages already written hold its position, and
    /// their documents are not older than it.
    /// </summary>
    private WriteCounts ClearInPages(string collection, DocumentWrite clear, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var changed = false;
        foreach (var _ in PagesById(collection, ScanPageSize, query => query.OrderBy(DocumentFields.Id), cancellationToken, (documents, page) =>
        {
            foreach (var document in page)
            {
                if (Cleared(document, clear, now) is { } replacement)
                {
                    documents.Upsert(replacement);
                    changed = true;
                }
            }
        }))
        {
            // Each page is written as it is read.
        }

        return changed ? new WriteCounts(1, 0) : new WriteCounts(0, 1);
    }

    /// <summary>What the truncate makes of <paramref name="document"/>; null when it leaves it as it is.</summary>
    private static BsonDocument? Cleared(BsonDocument document, DocumentWrite clear, DateTime now) => clear switch
    {
        ClearDocuments documents => ClearedDocument(document, documents.Position, now),
        ClearItems items => ClearedItems(document, items.Array, items.Position, now),
        _ => throw new NotSupportedException(clear.GetType().Name),
    };

    private static BsonDocument? ClearedDocument(BsonDocument document, SourcePosition position, DateTime now) =>
        // The truncate also confirms the service's own deletes: their rows are gone from the legacy table now.
        position.IsAfter(PositionOf(document)) && (!IsDeleted(document) || IsDeletedByService(document))
            ? Tombstone(DocumentFields.Id, document[DocumentFields.Id], position, now)
            : null;

    private static BsonDocument? ClearedItems(BsonDocument document, string array, SourcePosition position, DateTime now)
    {
        if (!document.TryGetValue(array, out var items) || !items.IsArray)
        {
            return null;
        }

        var cleared = new BsonArray(items.AsArray.Select(i =>
            i.IsDocument && position.IsAfter(PositionOf(i.AsDocument)) && (!IsDeleted(i.AsDocument) || IsDeletedByService(i.AsDocument))
                ? Tombstone(DocumentFields.ItemKey, i.AsDocument[DocumentFields.ItemKey], position, now)
                : i));
        if (cleared.SequenceEqual(items.AsArray))
        {
            return null;
        }

        document[array] = cleared;
        return document;
    }
}
