using System.Text.Json;
using System.Text.Json.Serialization;

namespace Strangler.Outbox;

/// <summary>A domain event in CloudEvents 1.0 JSON form, as the relay publishes it.</summary>
public sealed record CloudEvent
{
    /// <summary>Always <c>1.0</c>.</summary>
    [JsonPropertyName("specversion")]
    public string SpecVersion { get; init; } = "1.0";

    /// <summary>Unique id; consumers use it for idempotency.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Event type, e.g. <c>CustomerRenamed</c>.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>The raising service, e.g. <c>/customers</c>.</summary>
    [JsonPropertyName("source")]
    public required string Source { get; init; }

    /// <summary>The aggregate key; also the Kafka message key, so one aggregate's events stay in order.</summary>
    [JsonPropertyName("subject")]
    public required string Subject { get; init; }

    /// <summary>When the change happened.</summary>
    [JsonPropertyName("time")]
    public required DateTimeOffset Time { get; init; }

    /// <summary>Always <c>application/json</c>.</summary>
    [JsonPropertyName("datacontenttype")]
    public string DataContentType { get; init; } = "application/json";

    /// <summary>The event's payload.</summary>
    [JsonPropertyName("data")]
    public required JsonElement Data { get; init; }
}
