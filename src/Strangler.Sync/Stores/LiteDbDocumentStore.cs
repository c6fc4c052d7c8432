using LiteDB;
using Strangler.LiteDb;
using Strangler.Sync.Debezium;

namespace Strangler.Sync.Stores;

/// <summary>
/// The embedded store: a LiteDB file opened in shared mode, so the new service can read the same file while the
/// worker writes. A batch is one LiteDB transaction, so it lands completely or not at all; but for a truncate, which
/// goes in pages of its own (see <see cref="ClearInPages"/>).
/// </summary>
internal sealed partial class LiteDbDocumentStore : IDocumentStore, IDisposable
{
    private readonly LiteDatabase _database;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    public LiteDbDocumentStore(string path, TimeProvider? time = null)
    {
        // Its own mapper rather than BsonMapper.Global, which LiteDB 5 does not make safe to share between threads.
        _database = LiteDbFiles.OpenShared(path, new BsonMapper());
        _time = time ?? TimeProvider.System;
        FilePath = Path.GetFullPath(path);
    }

    /// <summary>The file, as a job waiting for it names it.</summary>
    internal string FilePath { get; }

    public Task<WriteCounts> ApplyAsync(string collection, IReadOnlyList<DocumentWrite> writes, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // A truncate rewrites the whole collection, so it goes in pages of its own (LiteDbDocumentStore.Truncate.cs),
        // and the writes before and after it in one transaction each. Any other batch is one transaction.
        var counts = default(WriteCounts);
        var run = new List<DocumentWrite>(writes.Count);
        foreach (var write in writes)
        {
            if (write is ClearDocuments or ClearItems)
            {
                counts += ApplyInOneTransaction(collection, run);
                run.Clear();
                counts += ClearInPages(collection, write, cancellationToken);
            }
            else
            {
                run.Add(write);
            }
        }

        return Task.FromResult(counts + ApplyInOneTransaction(collection, run));
    }

    public Task<IReadOnlyDictionary<string, object?>?> FindAsync(string collection, object id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var document = _database.GetCollection(collection).FindById(LiteDbValues.ToBson(id));
            return Task.FromResult(document is null ? null : LiteDbValues.FromDocument(document));
        }
    }

    public async Task<IReadOnlyDictionary<string, object?>?> FindLiveAsync(string collection, object id, CancellationToken cancellationToken) =>
        LiveDocuments.Of(await FindAsync(collection, id, cancellationToken));

    public void Dispose() => _database.Dispose();

    private WriteCounts ApplyInOneTransaction(string collection, List<DocumentWrite> writes)
    {
        if (writes.Count == 0)
        {
            return default;
        }

        lock (_gate)
        {
            var documents = _database.GetCollection(collection);
            var now = _time.GetUtcNow().UtcDateTime;
            _database.BeginTrans();
            try
            {
                var counts = default(WriteCounts);
                foreach (var write in writes)
                {
                    counts += Apply(documents, write, now) ? new WriteCounts(1, 0) : new WriteCounts(0, 1);
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
    }

    private static bool Apply(ILiteCollection<BsonDocument> documents, DocumentWrite write, DateTime now) => write switch
    {
        UpsertDocument upsert => UpsertDocument(documents, upsert),
        DeleteDocument delete => DeleteDocument(documents, delete.Id, delete.Position, now, confirmOnly: false),
        ConfirmDelete confirm => DeleteDocument(documents, confirm.Id, confirm.Position, now, confirmOnly: true),
        UpsertItem item => UpdateItem(documents, item.Id, item.Array, item.ItemKey, item.Position, item.Fields, now, confirmOnly: false),
        DeleteItem item => UpdateItem(documents, item.Id, item.Array, item.ItemKey, item.Position, null, now, confirmOnly: false),
        ConfirmItemDelete item => UpdateItem(documents, item.Id, item.Array, item.ItemKey, item.Position, null, now, confirmOnly: true),
        _ => throw new NotSupportedException(write.GetType().Name),
    };

    private static bool UpsertDocument(ILiteCollection<BsonDocument> documents, UpsertDocument write)
    {
        var id = LiteDbValues.ToBson(write.Id);
        var document = documents.FindById(id);
        // A tombstone the service wrote waits for the legacy delete of the row: every change before it is older.
        if (document is not null && (!write.Position.IsAfter(PositionOf(document)) || IsDeletedByService(document)))
        {
            return false;
        }

        document ??= new BsonDocument { [DocumentFields.Id] = id };
        document.Remove(DocumentFields.Deleted);
        document.Remove(DocumentFields.DeletedAt);
        document.Remove(DocumentFields.Stub);
        foreach (var (name, value) in write.Fields)
        {
            document[name] = LiteDbValues.ToBson(value);
        }

        document[DocumentFields.Position] = write.Position.Value;
        documents.Upsert(document);
        return true;
    }

    private static bool DeleteDocument(ILiteCollection<BsonDocument> documents, object documentId, SourcePosition position, DateTime now, bool confirmOnly)
    {
        var id = LiteDbValues.ToBson(documentId);
        var document = documents.FindById(id);
        if (document is not null && (!position.IsAfter(PositionOf(document)) || (confirmOnly && !IsDeleted(document))))
        {
            return false;
        }

        documents.Upsert(Tombstone(DocumentFields.Id, id, position, now));
        return true;
    }

    private static bool UpdateItem(
        ILiteCollection<BsonDocument> documents, object id, string array, object itemKey, SourcePosition position, IReadOnlyDictionary<string, object?>? fields,
        DateTime now, bool confirmOnly)
    {
        var bsonId = LiteDbValues.ToBson(id);
        var key = LiteDbValues.ToBson(itemKey);
        var stored = documents.FindById(bsonId);
        if (stored is null && confirmOnly)
        {
            // An echo has no service tombstone to confirm where there is no document.
            return false;
        }

        // A child may arrive before its parent (they are different topics): the parent starts as a bare stub, flagged
        // so that readers skip it until the root row's upsert fills it in and clears the flag.
        var document = stored ?? new BsonDocument
        {
            [DocumentFields.Id] = bsonId, [DocumentFields.Position] = string.Empty, [DocumentFields.Stub] = true,
        };
        var items = document.TryGetValue(array, out var existing) && existing.IsArray ? existing.AsArray : new BsonArray();
        var index = items.ToList().FindIndex(i => i.IsDocument && i.AsDocument[DocumentFields.ItemKey] == key);
        // As for documents: an item the service deleted takes no upsert until the legacy delete confirms it, and an
        // echo only confirms a tombstone, never deleting a live item.
        if (index >= 0 && items[index].AsDocument is var current
            && (!position.IsAfter(PositionOf(current)) || (fields is not null && IsDeletedByService(current)) || (confirmOnly && !IsDeleted(current))))
        {
            return false;
        }

        BsonDocument item;
        if (fields is null)
        {
            item = Tombstone(DocumentFields.ItemKey, key, position, now);
        }
        else
        {
            item = LiteDbValues.ToDocument(fields);
            item[DocumentFields.ItemKey] = key;
            item[DocumentFields.Position] = position.Value;
        }

        if (index >= 0)
        {
            items[index] = item;
        }
        else
        {
            items.Add(item);
        }

        document[array] = items;
        documents.Upsert(document);
        return true;
    }

    private static BsonDocument Tombstone(string keyField, BsonValue key, SourcePosition position, DateTime now) => new()
    {
        [keyField] = key,
        [DocumentFields.Position] = position.Value,
        [DocumentFields.Deleted] = true,
        [DocumentFields.DeletedAt] = now,
    };

    private static SourcePosition PositionOf(BsonDocument document) =>
        document.TryGetValue(DocumentFields.Position, out var value) && value.IsString ? new SourcePosition(value.AsString) : SourcePosition.None;

    private static bool IsDeleted(BsonDocument document) => IsTrue(document, DocumentFields.Deleted);

    private static bool IsDeletedByService(BsonDocument document) => IsTrue(document, DocumentFields.DeletedByService);

    private static bool IsTrue(BsonDocument document, string field) =>
        document.TryGetValue(field, out var value) && value.IsBoolean && value.AsBoolean;
}
