using System.Text.Json;

namespace Strangler.Sync.Backfill;

/// <summary>A CloudEvents-style domain event as the backfill reads it.</summary>
public sealed record DomainEvent
{
    /// <summary>Unique event id; the idempotency key.</summary>
    public required string Id { get; init; }

    /// <summary>Event type, e.g. <c>CustomerRenamed</c>; selects the mapping.</summary>
    public required string Type { get; init; }

    /// <summary>The service that raised it.</summary>
    public string Source { get; init; } = "";

    /// <summary>The aggregate key, e.g. the customer id.</summary>
    public required string Subject { get; init; }

    /// <summary>When it happened; orders events of one row (an older event than the row reflects is ignored).</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The event's payload (a JSON object).</summary>
    public required JsonElement Data { get; init; }
}
