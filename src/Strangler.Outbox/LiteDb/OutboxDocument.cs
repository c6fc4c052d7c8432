namespace Strangler.Outbox.LiteDb;

/// <summary>A staged event as stored in the service's LiteDB database (collection <c>strangler_outbox</c>).</summary>
internal sealed class OutboxDocument
{
    /// <summary>Auto-incremented; the relay publishes in this order.</summary>
    public long Id { get; set; }

    public string EventId { get; set; } = "";

    public string Type { get; set; } = "";

    public string Source { get; set; } = "";

    public string Subject { get; set; } = "";

    public DateTime TimeUtc { get; set; }

    public string DataJson { get; set; } = "{}";

    /// <summary>Null until the broker acknowledged the event.</summary>
    public DateTime? SentAtUtc { get; set; }
}
