namespace Strangler.Gateway.Dashboard.Sync;

/// <summary>A pipeline's Kafka connection as its worker reports it (absent from workers that predate it).</summary>
internal sealed record SyncKafkaStatus
{
    /// <summary>True once a broker answered, false while none does, null before the worker knows.</summary>
    public bool? Reachable { get; init; }

    /// <summary>When it became what <see cref="Reachable"/> says: for an outage, its first failure.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>The last error's kind (librdkafka's code name, e.g. <c>Local_AllBrokersDown</c>).</summary>
    public string? LastError { get; init; }

    /// <summary>librdkafka's text for it, secrets redacted by the worker.</summary>
    public string? LastErrorReason { get; init; }

    /// <summary>When it came.</summary>
    public DateTimeOffset? LastErrorAt { get; init; }
}
