using System.Text.Json.Serialization;

namespace Strangler.Gateway.Rollout.FleetGates;

/// <summary>
/// One stall of a replica's process, as it publishes it with its gate slots: when it began (unix milliseconds, on the
/// replica's clock, as its slots are numbered), how long it lasted, and how many forwarded requests in flight across it
/// that replica has left out of its published evidence so far (the count grows as they finish).
/// </summary>
internal sealed record PublishedStall(
    [property: JsonPropertyName("s")] long Start,
    [property: JsonPropertyName("ms")] long Millis,
    [property: JsonPropertyName("x")] long Excluded)
{
    public DateTimeOffset EndedAt => DateTimeOffset.FromUnixTimeMilliseconds(Start + Millis);
}
