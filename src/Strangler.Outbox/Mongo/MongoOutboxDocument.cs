using MongoDB.Bson;

namespace Strangler.Outbox.Mongo;

/// <summary>A staged event as stored in the service's MongoDB database (collection <c>strangler_outbox</c>).</summary>
internal sealed class MongoOutboxDocument
{
    /// <summary>Ties between equal <see cref="TimeUtc"/> are ordered by the ObjectId (time, then counter).</summary>
    public ObjectId Id { get; set; }

    public string EventId { get; set; } = "";

    public string Type { get; set; } = "";

    public string Source { get; set; } = "";

    public string Subject { get; set; } = "";

    public DateTime TimeUtc { get; set; }

    public string DataJson { get; set; } = "{}";

    public DateTime? SentAtUtc { get; set; }
}
