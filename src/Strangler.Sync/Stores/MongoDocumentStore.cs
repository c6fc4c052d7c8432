using MongoDB.Bson;
using MongoDB.Driver;
using Strangler.Sync.Debezium;

namespace Strangler.Sync.Stores;

/// <summary>
/// The production store. Every write carries the position guard in its filter, so a stale write matches nothing and
/// (as an upsert) fails on the unique <c>_id</c>: a no-op even when two workers race on one document.
/// </summary>
internal sealed partial class MongoDocumentStore(IMongoDatabase database, TimeProvider? time = null) : IDocumentStore
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    public Task<WriteCounts> ApplyAsync(string collection, IReadOnlyList<DocumentWrite> writes, CancellationToken cancellationToken) =>
        DescribedAsync(collection, () => ApplyCoreAsync(collection, writes, cancellationToken));

    public Task<IReadOnlyDictionary<string, object?>?> FindAsync(string collection, object id, CancellationToken cancellationToken) =>
        DescribedAsync(collection, () => FindCoreAsync(collection, id, cancellationToken));

    private async Task<WriteCounts> ApplyCoreAsync(string collection, IReadOnlyList<DocumentWrite> writes, CancellationToken cancellationToken)
    {
        var documents = database.GetCollection<BsonDocument>(collection);
        var counts = default(WriteCounts);
        var now = new BsonDateTime(_time.GetUtcNow().UtcDateTime);
        foreach (var write in writes)
        {
            var applied = await ApplyAsync(documents, write, now, cancellationToken);
            counts += applied ? new WriteCounts(1, 0) : new WriteCounts(0, 1);
        }

        return counts;
    }

    private async Task<IReadOnlyDictionary<string, object?>?> FindCoreAsync(string collection, object id, CancellationToken cancellationToken)
    {
        var document = await database.GetCollection<BsonDocument>(collection)
            .Find(Filter.Eq(DocumentFields.Id, MongoValues.ToBson(id))).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : MongoValues.FromDocument(document);
    }

    public async Task<IReadOnlyDictionary<string, object?>?> FindLiveAsync(string collection, object id, CancellationToken cancellationToken) =>
        LiveDocuments.Of(await FindAsync(collection, id, cancellationToken));

    private static Task<bool> ApplyAsync(IMongoCollection<BsonDocument> documents, DocumentWrite write, BsonDateTime now, CancellationToken ct) => write switch
    {
        UpsertDocument upsert => UpsertDocumentAsync(documents, upsert, ct),
        DeleteDocument delete => ReplaceWithTombstoneAsync(documents, Older(delete.Id, delete.Position), delete.Id, delete.Position, now, ct),
        // An echo confirms a tombstone (or leaves one where the document is gone); a live document fails the filter and
        // the upsert hits its _id: the service's newer write stays.
        ConfirmDelete confirm => ReplaceWithTombstoneAsync(
            documents, Older(confirm.Id, confirm.Position) & Filter.Eq(DocumentFields.Deleted, true), confirm.Id, confirm.Position, now, ct),
        // An item the service deleted takes no upsert until the legacy delete confirms it; an echo only confirms a
        // tombstone item, and only in a document that exists.
        UpsertItem item => UpsertItemAsync(documents, item.Id, item.Array, item.ItemKey, item.Position, ItemDocument(item),
            Filter.Ne(DocumentFields.DeletedByService, true), createParent: true, ct),
        DeleteItem item => UpsertItemAsync(documents, item.Id, item.Array, item.ItemKey, item.Position,
            Tombstone(DocumentFields.ItemKey, MongoValues.ToBson(item.ItemKey), item.Position, now), Filter.Empty, createParent: true, ct),
        ConfirmItemDelete item => UpsertItemAsync(documents, item.Id, item.Array, item.ItemKey, item.Position,
            Tombstone(DocumentFields.ItemKey, MongoValues.ToBson(item.ItemKey), item.Position, now), Filter.Eq(DocumentFields.Deleted, true), createParent: false, ct),
        ClearDocuments clear => ClearDocumentsAsync(documents, clear.Position, now, ct),
        ClearItems clear => ClearItemsAsync(documents, clear.Array, clear.Position, now, ct),
        _ => throw new NotSupportedException(write.GetType().Name),
    };

    private static Task<bool> ReplaceWithTombstoneAsync(
        IMongoCollection<BsonDocument> documents, FilterDefinition<BsonDocument> filter, object id, SourcePosition position, BsonDateTime now, CancellationToken ct) =>
        GuardedAsync(
            () => documents.ReplaceOneAsync(filter, Tombstone(DocumentFields.Id, MongoValues.ToBson(id), position, now), new ReplaceOptions { IsUpsert = true }, ct),
            r => r.MatchedCount > 0 || r.UpsertedId is not null);

    private static Task<bool> UpsertDocumentAsync(IMongoCollection<BsonDocument> documents, UpsertDocument write, CancellationToken ct)
    {
        var set = MongoValues.ToDocument(write.Fields);
        set[DocumentFields.Position] = write.Position.Value;
        var update = new BsonDocument
        {
            ["$set"] = set,
            ["$unset"] = new BsonDocument
            {
                [DocumentFields.Deleted] = string.Empty, [DocumentFields.DeletedAt] = string.Empty, [DocumentFields.Stub] = string.Empty,
            },
        };
        // A tombstone the service wrote waits for the legacy delete of the row: every change before it is older.
        var filter = Older(write.Id, write.Position) & Filter.Ne(DocumentFields.DeletedByService, true);
        return GuardedAsync(
            () => documents.UpdateOneAsync(filter, update, new UpdateOptions { IsUpsert = true }, ct),
            r => r.MatchedCount > 0 || r.UpsertedId is not null);
    }

    private static async Task<bool> UpsertItemAsync(
        IMongoCollection<BsonDocument> documents, object id, string array, object itemKey, SourcePosition position, BsonDocument item,
        FilterDefinition<BsonDocument> itemCondition, bool createParent, CancellationToken ct)
    {
        var bsonId = MongoValues.ToBson(id);
        var key = MongoValues.ToBson(itemKey);
        // 1. Replace the item in place if it exists with an older position.
        var replaced = await documents.UpdateOneAsync(
            Filter.Eq(DocumentFields.Id, bsonId) & Filter.ElemMatch<BsonDocument>(array,
                Filter.Eq(DocumentFields.ItemKey, key) & OlderPosition(position) & itemCondition),
            new BsonDocument("$set", new BsonDocument($"{array}.$", item)),
            cancellationToken: ct);
        if (replaced.MatchedCount > 0)
        {
            return true;
        }

        // 2. Otherwise push it where it is absent; the upsert creates a stub parent (flagged, so readers skip it until
        //    the root row's upsert clears the flag), or hits the unique _id when the item exists with a newer position
        //    (stale: nothing to do).
        return await GuardedAsync(
            () => documents.UpdateOneAsync(
                Filter.Eq(DocumentFields.Id, bsonId) & Filter.Ne($"{array}.{DocumentFields.ItemKey}", key),
                new BsonDocument
                {
                    ["$push"] = new BsonDocument(array, item),
                    ["$setOnInsert"] = new BsonDocument { [DocumentFields.Position] = string.Empty, [DocumentFields.Stub] = true },
                },
                new UpdateOptions { IsUpsert = createParent }, ct),
            r => r.MatchedCount > 0 || r.UpsertedId is not null);
    }

    private static async Task<bool> ClearDocumentsAsync(IMongoCollection<BsonDocument> documents, SourcePosition position, BsonDateTime now, CancellationToken ct)
    {
        var stage = new BsonDocument("$replaceWith", new BsonDocument
        {
            [DocumentFields.Id] = "$_id", [DocumentFields.Position] = position.Value, [DocumentFields.Deleted] = true, [DocumentFields.DeletedAt] = now,
        });
        // The truncate also confirms the service's own deletes: their rows are gone from the legacy table now.
        var result = await documents.UpdateManyAsync(
            Filter.Lt(DocumentFields.Position, position.Value)
            & (Filter.Ne(DocumentFields.Deleted, true) | Filter.Eq(DocumentFields.DeletedByService, true)),
            Builders<BsonDocument>.Update.Pipeline(new BsonDocumentStagePipelineDefinition<BsonDocument, BsonDocument>([stage])),
            cancellationToken: ct);
        return result.ModifiedCount > 0;
    }

    private static async Task<bool> ClearItemsAsync(
        IMongoCollection<BsonDocument> documents, string array, SourcePosition position, BsonDateTime now, CancellationToken ct)
    {
        var older = new BsonDocument("$and", new BsonArray
        {
            new BsonDocument("$lt", new BsonArray { "$$i._pos", position.Value }),
            new BsonDocument("$or", new BsonArray
            {
                new BsonDocument("$ne", new BsonArray { "$$i._deleted", true }), new BsonDocument("$eq", new BsonArray { "$$i._deletedByService", true }),
            }),
        });
        var tombstone = new BsonDocument
        {
            [DocumentFields.ItemKey] = "$$i._key", [DocumentFields.Position] = position.Value, [DocumentFields.Deleted] = true, [DocumentFields.DeletedAt] = now,
        };
        var stage = new BsonDocument("$set", new BsonDocument(array, new BsonDocument("$map", new BsonDocument
        {
            ["input"] = "$" + array, ["as"] = "i", ["in"] = new BsonDocument("$cond", new BsonArray { older, tombstone, "$$i" }),
        })));
        var result = await documents.UpdateManyAsync(
            Filter.ElemMatch<BsonDocument>(array, OlderPosition(position)
                & (Filter.Ne(DocumentFields.Deleted, true) | Filter.Eq(DocumentFields.DeletedByService, true))),
            Builders<BsonDocument>.Update.Pipeline(new BsonDocumentStagePipelineDefinition<BsonDocument, BsonDocument>([stage])),
            cancellationToken: ct);
        return result.ModifiedCount > 0;
    }

    private static FilterDefinition<BsonDocument> Older(object id, SourcePosition position) =>
        Filter.Eq(DocumentFields.Id, MongoValues.ToBson(id)) & OlderPosition(position);

    // Eq null matches a missing position and a null one: a document or item the service wrote itself has none, and
    // every legacy change is after it (as in the embedded store, where it reads as SourcePosition.None).
    private static FilterDefinition<BsonDocument> OlderPosition(SourcePosition position) =>
        Filter.Lt(DocumentFields.Position, position.Value) | Filter.Eq(DocumentFields.Position, BsonNull.Value);

    private static BsonDocument ItemDocument(UpsertItem item)
    {
        var document = MongoValues.ToDocument(item.Fields);
        document[DocumentFields.ItemKey] = MongoValues.ToBson(item.ItemKey);
        document[DocumentFields.Position] = item.Position.Value;
        return document;
    }

    private static BsonDocument Tombstone(string keyField, BsonValue key, SourcePosition position, BsonDateTime now) => new()
    {
        [keyField] = key, [DocumentFields.Position] = position.Value, [DocumentFields.Deleted] = true, [DocumentFields.DeletedAt] = now,
    };

    private static async Task<bool> GuardedAsync<T>(Func<Task<T>> write, Func<T, bool> applied)
    {
        try
        {
            return applied(await write());
        }
        catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey)
        {
            // On _id: the guard filter did not match an existing document (its position is newer), a stale write.
            // On another unique index the document is refused: said without the value the server's message quotes.
            return MongoDuplicateKey.IsOnDocumentId(ex.WriteError.Message)
                ? false
                : throw new InvalidOperationException(MongoDuplicateKey.Describe(ex.WriteError.Message));
        }
    }
}
