using System.Text.Json.Serialization;

namespace Strangler.Gateway.Rollout.FleetGates;

/// <summary>
/// Shadow requests of one sub-domain compared in one minute, and how many of them differed, as published.
/// The minute is its start in unix seconds (the shadow history's own one-minute buckets).
/// </summary>
internal sealed record PublishedDiff(
    [property: JsonPropertyName("m")] long Minute,
    [property: JsonPropertyName("c")] long Compared,
    [property: JsonPropertyName("d")] long Differing);
