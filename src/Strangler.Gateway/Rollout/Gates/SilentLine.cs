using System.Globalization;
using Strangler.Gateway.Rollout.FleetGates;

namespace Strangler.Gateway.Rollout.Gates;

/// <summary>
/// The <c>silent</c> line of a fleet's evaluation: every replica that published figures before and has published none
/// within the freshness bound, by id: <c>replica gw-2 silent for 42 s (last figures 12:01:05 UTC)</c>. Such a replica
/// (frozen, crashed, cut off from the store) may be serving traffic nobody counts, so the line is inconclusive:
/// promotion waits. A failing gate still rolls back (a fail outweighs an inconclusive), since the evidence of harm
/// from the others stands. Silent longer than the gone bound, a replica is named once more as gone, and the line
/// passes: a crashed replica cannot hold promotion for ever.
/// </summary>
internal static class SilentLine
{
    public const string Gate = "silent";

    /// <summary>The line; null when no replica is silent or just gone.</summary>
    public static GateResult? For(IReadOnlyList<SilentReplica> silent, TimeSpan goneAfter)
    {
        if (silent.Count == 0)
        {
            return null;
        }

        var value = string.Join("; ", silent.Select(Say));
        var limit = $"no replica silent; one silent over {GateText.Duration(goneAfter)} is gone";
        return silent.Any(s => !s.Gone)
            ? new GateResult(Gate, GateOutcome.Inconclusive, value, limit,
                $"{value}: it may be serving traffic nobody counts, so promotion waits until it publishes again, stops cleanly, "
                + $"or has been silent {GateText.Duration(goneAfter)}; a failing gate still rolls back")
            : new GateResult(Gate, GateOutcome.Pass, value, limit);
    }

    private static string Say(SilentReplica replica) =>
        $"replica {replica.Replica} silent for {GateText.Duration(replica.Silence)}"
        + (replica.Gone ? ", considered gone" : "")
        + $" (last figures {replica.LastFigures.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC)";
}
