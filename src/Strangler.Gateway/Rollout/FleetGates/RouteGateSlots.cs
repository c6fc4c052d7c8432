using System.Text.Json.Serialization;

namespace Strangler.Gateway.Rollout.FleetGates;

/// <summary>One sub-domain's published slots: each side's traffic slots with traffic, and the minutes with comparisons.</summary>
internal sealed record RouteGateSlots(
    [property: JsonPropertyName("name")] string Subdomain,
    [property: JsonPropertyName("new")] IReadOnlyList<PublishedSlot> New,
    [property: JsonPropertyName("legacy")] IReadOnlyList<PublishedSlot> Legacy,
    [property: JsonPropertyName("diff")] IReadOnlyList<PublishedDiff> Diff);
