using System.Text.Json;
using LiteDB;
using Strangler.Outbox.Documents;

namespace Strangler.Outbox.LiteDb;

/// <summary>
/// The outbox of a service whose store is LiteDB. Stage events inside the same LiteDB transaction as the write
/// they describe (<see cref="InTransaction"/>, or your own <c>BeginTrans</c>/<c>Commit</c> around
/// <see cref="Stage"/>); the <see cref="Relay.OutboxRelay"/> publishes them afterwards. A crash between the write
/// and the publish loses nothing: the event is in the database, and is published when the service is back. Delivery is
/// at least once, in staging order per subject (the Kafka key) unless a publish fails, when a re-sent event can follow a
/// later one; the backfill skips an event id it has applied, and an event whose <see cref="CloudEvent.Time"/> is older
/// than the last one applied to the same legacy row.
/// </summary>
public sealed class LiteDbOutbox : IOutboxStore
{
    /// <summary>The LiteDB collection holding staged events.</summary>
    public const string CollectionName = "strangler_outbox";

    private static readonly Lock MappingGate = new();

    private readonly ILiteDatabase _database;
    private readonly ILiteCollection<OutboxDocument> _collection;
    private readonly OutboxOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Func<Guid> _newId;

    /// <summary>Creates the outbox over <paramref name="database"/>; <paramref name="newId"/> makes event ids (default: UUIDv7).</summary>
    public LiteDbOutbox(ILiteDatabase database, OutboxOptions options, TimeProvider timeProvider, Func<Guid>? newId = null)
    {
        _database = database;
        _options = options;
        _timeProvider = timeProvider;
        _newId = newId ?? (() => Guid.CreateVersion7(timeProvider.GetUtcNow()));
        // Maps OutboxDocument under a process-wide lock before first use. LiteDB 5's BsonMapper publishes a type's
        // mapping before filling it in, so two outboxes built at once over one mapper (BsonMapper.Global, say) could
        // see an empty one and fail with "Member SentAtUtc not found" (LiteDB issue #2536).
        lock (MappingGate)
        {
            database.Mapper.Entity<OutboxDocument>();
        }

        _collection = database.GetCollection<OutboxDocument>(CollectionName, BsonAutoId.Int64);
        _collection.EnsureIndex(d => d.SentAtUtc);
    }

    /// <summary>
    /// Stages an event in the calling thread's current LiteDB transaction (LiteDB transactions are per thread).
    /// <paramref name="data"/> is serialised as JSON.
    /// </summary>
    public CloudEvent Stage(string type, string subject, object data)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        var cloudEvent = new CloudEvent
        {
            Id = _newId().ToString(), Type = type, Source = _options.Source, Subject = subject,
            Time = _timeProvider.GetUtcNow(), Data = System.Text.Json.JsonSerializer.SerializeToElement(data),
        };
        _collection.Insert(new OutboxDocument
        {
            EventId = cloudEvent.Id, Type = type, Source = cloudEvent.Source, Subject = subject,
            TimeUtc = cloudEvent.Time.UtcDateTime, DataJson = cloudEvent.Data.GetRawText(),
        });
        return cloudEvent;
    }

    /// <summary>
    /// Deletes the document <paramref name="id"/> of <paramref name="collection"/> the way the sync projection expects:
    /// it becomes a tombstone (<see cref="ProjectedDocument.Deleted"/>, <see cref="ProjectedDocument.DeletedByService"/>,
    /// <see cref="ProjectedDocument.DeletedAt"/> and the position it had) that no legacy change reaches until the
    /// legacy database's own delete of the row comes back through CDC; a replayed older change therefore cannot bring
    /// it back. Call it in the transaction that stages the delete event (<see cref="InTransaction"/>), and read with
    /// <see cref="LiteDbProjected.Live"/>. Returns false, changing nothing, when there is no live document with that id.
    /// </summary>
    public bool Delete(string collection, BsonValue id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(collection);
        ArgumentNullException.ThrowIfNull(id);
        var documents = _database.GetCollection(collection);
        var document = documents.FindById(id);
        if (document is null || !LiteDbProjected.IsLive(document))
        {
            return false;
        }

        return documents.Update(ServiceTombstone(ProjectedDocument.Id, document));
    }

    /// <summary>
    /// Deletes the embedded item <paramref name="itemKey"/> (its <see cref="ProjectedDocument.ItemKey"/>) of array
    /// <paramref name="array"/> in document <paramref name="id"/>, the way <see cref="Delete"/> deletes a document: it
    /// becomes a tombstone item that no legacy change of the child row reaches until the legacy delete of that row comes
    /// back through CDC. Returns false, changing nothing, when there is no such live item.
    /// </summary>
    public bool DeleteItem(string collection, BsonValue id, string array, BsonValue itemKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(collection);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(array);
        ArgumentNullException.ThrowIfNull(itemKey);
        var documents = _database.GetCollection(collection);
        if (documents.FindById(id) is not { } document || !document.TryGetValue(array, out var value) || !value.IsArray)
        {
            return false;
        }

        var items = value.AsArray;
        var index = items.ToList().FindIndex(i => i.IsDocument && i.AsDocument[ProjectedDocument.ItemKey] == itemKey && !LiteDbProjected.IsTombstone(i.AsDocument));
        if (index < 0)
        {
            return false;
        }

        items[index] = ServiceTombstone(ProjectedDocument.ItemKey, items[index].AsDocument);
        document[array] = items;
        return documents.Update(document);
    }

    /// <summary>A tombstone of <paramref name="live"/> by the service: its key, the position it had, and the time.</summary>
    private BsonDocument ServiceTombstone(string keyField, BsonDocument live)
    {
        var tombstone = new BsonDocument
        {
            [keyField] = live[keyField],
            [ProjectedDocument.Deleted] = true,
            [ProjectedDocument.DeletedAt] = _timeProvider.GetUtcNow().UtcDateTime,
            [ProjectedDocument.DeletedByService] = true,
        };
        if (live.TryGetValue(ProjectedDocument.Position, out var position) && !position.IsNull)
        {
            tombstone[ProjectedDocument.Position] = position;
        }

        return tombstone;
    }

    /// <summary>Runs <paramref name="work"/> (the service's write plus its <see cref="Stage"/> calls) in one transaction.</summary>
    public void InTransaction(Action<ILiteDatabase, LiteDbOutbox> work)
    {
        if (!_database.BeginTrans())
        {
            throw new InvalidOperationException("A LiteDB transaction is already open on this thread; call Stage inside it instead.");
        }
        try
        {
            work(_database, this);
            _database.Commit();
        }
        catch
        {
            _database.Rollback();
            throw;
        }
    }

    IReadOnlyList<(long Sequence, CloudEvent Event)> IOutboxStore.FetchPending(int max) =>
        _collection.Query().Where(d => d.SentAtUtc == null).OrderBy(d => d.Id).Limit(max).ToList()
            .Select(d => (d.Id, new CloudEvent
            {
                Id = d.EventId, Type = d.Type, Source = d.Source, Subject = d.Subject,
                Time = new DateTimeOffset(DateTime.SpecifyKind(d.TimeUtc, DateTimeKind.Utc)),
                Data = JsonDocument.Parse(d.DataJson).RootElement.Clone(),
            })).ToList();

    void IOutboxStore.MarkSent(IReadOnlyCollection<long> sequences, DateTimeOffset sentAt)
    {
        var at = sentAt.UtcDateTime;
        foreach (var sequence in sequences)
        {
            if (_collection.FindById(sequence) is { } document)
            {
                document.SentAtUtc = at;
                _collection.Update(document);
            }
        }
    }

    int IOutboxStore.PruneSent(DateTimeOffset before)
    {
        var cutoff = before.UtcDateTime;
        return _collection.DeleteMany(d => d.SentAtUtc != null && d.SentAtUtc < cutoff);
    }
}
