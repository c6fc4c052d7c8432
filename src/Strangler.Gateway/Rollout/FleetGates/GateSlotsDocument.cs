using System.Text.Json.Serialization;

namespace Strangler.Gateway.Rollout.FleetGates;

/// <summary>
/// What a fleet replica publishes for the rollout gates, in the <c>gate_slots</c> column of its traffic row: for each
/// sub-domain with a rollout plan, its traffic per fine slot and side and its shadow comparisons per minute, over the
/// plan's evaluation window plus the publication lag. Short property names and sparse latency buckets keep the row
/// small: 55 to 90 bytes per slot and side with traffic, measured (see README, Running the gateway as a fleet).
/// The slot width is written too: a reader refuses a document whose width is not its own. <see cref="Stalls"/> are the
/// replica's own process stalls over the same span, so the holder can say that part of the evidence was paused there;
/// a version before them publishes none (null), and a reader before them ignores the property. <see cref="BuiltAt"/> is
/// the replica's own clock as it built the document (unix milliseconds): its slots, minutes and stalls are dated on
/// that clock, and the holder reads from it how far that clock runs from its own (<see cref="ClockOffset"/>); a version
/// before it publishes none, and its figures are summed on their own dates as before.
/// </summary>
internal sealed record GateSlotsDocument(
    [property: JsonPropertyName("w")] int SlotSeconds,
    [property: JsonPropertyName("routes")] IReadOnlyList<RouteGateSlots> Routes,
    [property: JsonPropertyName("stalls")] IReadOnlyList<PublishedStall>? Stalls = null,
    [property: JsonPropertyName("at")] long? BuiltAt = null);
