using System.Text.Json.Serialization;

namespace Strangler.Gateway.Rollout.FleetGates;

/// <summary>
/// One side's traffic in one fine slot, as published.
/// The slot is numbered as unix milliseconds divided by the slot width; the latency holds the non-empty buckets as
/// pairs: bucket index, count, bucket index, count, ...
/// </summary>
internal sealed record PublishedSlot(
    [property: JsonPropertyName("s")] long Slot,
    [property: JsonPropertyName("r")] long Requests,
    [property: JsonPropertyName("e")] long Errors,
    [property: JsonPropertyName("f")] long Fallbacks,
    [property: JsonPropertyName("l")] long[] Latency);
