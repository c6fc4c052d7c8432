using System.Text.Json;
using MongoDB.Bson;
using MongoDB.Driver;
using Strangler.Outbox.Documents;

namespace Strangler.Outbox.Mongo;

/// <summary>
/// The outbox of a service whose store is MongoDB: <see cref="Stage"/> inserts the event into
/// <c>strangler_outbox</c> inside the caller's multi-document transaction (the session that also writes the
/// aggregate), so the event exists exactly when the write does. Needs a replica set, as MongoDB transactions do.
/// </summary>
public sealed class MongoOutbox : IOutboxStore
{
    /// <summary>The MongoDB collection holding staged events.</summary>
    public const string CollectionName = "strangler_outbox";

    private readonly IMongoDatabase _database;
    private readonly IMongoCollection<MongoOutboxDocument> _collection;
    private readonly OutboxOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Func<Guid> _newId;

    // Only the relay calls FetchPending/MarkSent, one round at a time.
    private List<MongoOutboxDocument> _round = [];

    /// <summary>Creates the outbox over <paramref name="database"/>; <paramref name="newId"/> makes event ids (default: UUIDv7).</summary>
    public MongoOutbox(IMongoDatabase database, OutboxOptions options, TimeProvider timeProvider, Func<Guid>? newId = null)
    {
        _database = database;
        _collection = database.GetCollection<MongoOutboxDocument>(CollectionName);
        _options = options;
        _timeProvider = timeProvider;
        _newId = newId ?? (() => Guid.CreateVersion7(timeProvider.GetUtcNow()));
    }

    /// <summary>Stages an event in <paramref name="session"/>'s transaction; <paramref name="data"/> is serialised as JSON.</summary>
    public CloudEvent Stage(IClientSessionHandle session, string type, string subject, object data)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        var cloudEvent = new CloudEvent
        {
            Id = _newId().ToString(), Type = type, Source = _options.Source, Subject = subject,
            Time = _timeProvider.GetUtcNow(), Data = JsonSerializer.SerializeToElement(data),
        };
        _collection.InsertOne(session, new MongoOutboxDocument
        {
            Id = ObjectId.GenerateNewId(), EventId = cloudEvent.Id, Type = type, Source = cloudEvent.Source,
            Subject = subject, TimeUtc = cloudEvent.Time.UtcDateTime, DataJson = cloudEvent.Data.GetRawText(),
        });
        return cloudEvent;
    }

    /// <summary>
    /// Deletes the document <paramref name="id"/> of <paramref name="collection"/> in <paramref name="session"/>'s
    /// transaction, the way the sync projection expects: it becomes a tombstone (<see cref="ProjectedDocument.Deleted"/>,
    /// <see cref="ProjectedDocument.DeletedByService"/>, <see cref="ProjectedDocument.DeletedAt"/> and the position it
    /// had) that no legacy change reaches until the legacy database's own delete of the row comes back through CDC; a
    /// replayed older change therefore cannot bring it back. Stage the delete event in the same transaction, and read
    /// with <see cref="MongoProjected.Live{T}"/>. Returns false, changing nothing, when there is no live document with that id.
    /// </summary>
    public async Task<bool> DeleteAsync(IClientSessionHandle session, string collection, BsonValue id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrWhiteSpace(collection);
        ArgumentNullException.ThrowIfNull(id);
        // One pipeline update keeps the document's own position (a field that evaluates to missing is left out) and
        // drops everything else, atomically: no read-then-write window for the projection to slip into.
        var tombstone = new BsonDocument("$replaceWith", new BsonDocument
        {
            [ProjectedDocument.Id] = "$" + ProjectedDocument.Id,
            [ProjectedDocument.Position] = "$" + ProjectedDocument.Position,
            [ProjectedDocument.Deleted] = true,
            [ProjectedDocument.DeletedAt] = new BsonDateTime(_timeProvider.GetUtcNow().UtcDateTime),
            [ProjectedDocument.DeletedByService] = true,
        });
        var filter = Builders<BsonDocument>.Filter.Eq(ProjectedDocument.Id, id) & MongoProjected.Live<BsonDocument>();
        var result = await _database.GetCollection<BsonDocument>(collection).UpdateOneAsync(session, filter,
            Builders<BsonDocument>.Update.Pipeline(new BsonDocumentStagePipelineDefinition<BsonDocument, BsonDocument>([tombstone])),
            cancellationToken: cancellationToken);
        return result.MatchedCount > 0;
    }

    /// <summary>
    /// Deletes the embedded item <paramref name="itemKey"/> (its <see cref="ProjectedDocument.ItemKey"/>) of array
    /// <paramref name="array"/> in document <paramref name="id"/>, in <paramref name="session"/>'s transaction, the way
    /// <see cref="DeleteAsync"/> deletes a document. Returns false, changing nothing, when there is no such live item.
    /// </summary>
    public async Task<bool> DeleteItemAsync(
        IClientSessionHandle session, string collection, BsonValue id, string array, BsonValue itemKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrWhiteSpace(collection);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(array);
        ArgumentNullException.ThrowIfNull(itemKey);
        var live = new BsonDocument { [ProjectedDocument.ItemKey] = itemKey, [ProjectedDocument.Deleted] = new BsonDocument("$ne", true) };
        var isTarget = new BsonDocument("$and", new BsonArray
        {
            // $literal: a string key starting with '$' must not be read as a field path.
            new BsonDocument("$eq", new BsonArray { "$$i." + ProjectedDocument.ItemKey, new BsonDocument("$literal", itemKey) }),
            new BsonDocument("$ne", new BsonArray { "$$i." + ProjectedDocument.Deleted, true }),
        });
        var tombstone = new BsonDocument
        {
            [ProjectedDocument.ItemKey] = "$$i." + ProjectedDocument.ItemKey,
            [ProjectedDocument.Position] = "$$i." + ProjectedDocument.Position,
            [ProjectedDocument.Deleted] = true,
            [ProjectedDocument.DeletedAt] = new BsonDateTime(_timeProvider.GetUtcNow().UtcDateTime),
            [ProjectedDocument.DeletedByService] = true,
        };
        var stage = new BsonDocument("$set", new BsonDocument(array, new BsonDocument("$map", new BsonDocument
        {
            ["input"] = "$" + array, ["as"] = "i", ["in"] = new BsonDocument("$cond", new BsonArray { isTarget, tombstone, "$$i" }),
        })));
        var filter = Builders<BsonDocument>.Filter.Eq(ProjectedDocument.Id, id) & Builders<BsonDocument>.Filter.ElemMatch<BsonDocument>(array, live);
        var result = await _database.GetCollection<BsonDocument>(collection).UpdateOneAsync(session, filter,
            Builders<BsonDocument>.Update.Pipeline(new BsonDocumentStagePipelineDefinition<BsonDocument, BsonDocument>([stage])),
            cancellationToken: cancellationToken);
        return result.MatchedCount > 0;
    }

    IReadOnlyList<(long Sequence, CloudEvent Event)> IOutboxStore.FetchPending(int max)
    {
        var pending = Described(() => _collection.Find(d => d.SentAtUtc == null)
            .SortBy(d => d.TimeUtc).ThenBy(d => d.Id).Limit(max).ToList());
        // The relay deals in sequences; the position in this round maps back to the document.
        _round = pending;
        return pending.Select((d, i) => ((long)i, new CloudEvent
        {
            Id = d.EventId, Type = d.Type, Source = d.Source, Subject = d.Subject,
            Time = new DateTimeOffset(DateTime.SpecifyKind(d.TimeUtc, DateTimeKind.Utc)),
            Data = JsonDocument.Parse(d.DataJson).RootElement.Clone(),
        })).ToList();
    }

    void IOutboxStore.MarkSent(IReadOnlyCollection<long> sequences, DateTimeOffset sentAt)
    {
        var ids = sequences.Select(s => _round[(int)s].Id).ToList();
        Described(() => _collection.UpdateMany(Builders<MongoOutboxDocument>.Filter.In(d => d.Id, ids),
            Builders<MongoOutboxDocument>.Update.Set(d => d.SentAtUtc, sentAt.UtcDateTime)));
    }

    int IOutboxStore.PruneSent(DateTimeOffset before) =>
        Described(() => (int)_collection.DeleteMany(d => d.SentAtUtc != null && d.SentAtUtc < before.UtcDateTime).DeletedCount);

    /// <summary>
    /// Runs one of the relay's operations; an error the server answers with is rethrown described, without the driver's
    /// exception, whose message can quote the events' documents (a validator on the collection): the relay logs what it
    /// catches. Not for <see cref="Stage"/> and the deletes, which run in the caller's transaction: its retry logic reads
    /// the driver's exception and its labels.
    /// </summary>
    private static T Described<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (MongoServerException ex)
        {
            throw new InvalidOperationException($"MongoDB refused an operation on collection '{CollectionName}': {MongoErrorText.Describe(ex)}");
        }
    }
}
