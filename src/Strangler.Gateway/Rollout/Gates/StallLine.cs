using Strangler.Gateway.Rollout.FleetGates;

namespace Strangler.Gateway.Rollout.Gates;

/// <summary>
/// The <c>stall</c> line of an evaluation: every stall that ended in its window, of this gateway and, in a fleet, of
/// the replicas whose published evidence it judged, each named, since the requests in flight across them are missing
/// from the figures. Always a pass: what is left is still evidence. Other replicas first by id, this gateway last:
/// <c>evidence paused: replica gw-2 stalled 24.9 s; this gateway stalled 1.3 s</c>.
/// </summary>
internal static class StallLine
{
    public const string Gate = "stall";

    /// <summary>The line; null when no stall ended at or after <paramref name="from"/>.</summary>
    public static GateResult? For(IEnumerable<ReplicaStall> stalls, DateTimeOffset from)
    {
        var inWindow = stalls.Where(s => s.EndedAt >= from).ToList();
        if (inWindow.Count == 0)
        {
            return null;
        }

        var named = inWindow.GroupBy(s => s.Replica)
            .OrderBy(g => g.Key is null)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(Say);
        var excluded = inWindow.Sum(s => s.Excluded);
        return new GateResult(Gate, GateOutcome.Pass, "evidence paused: " + string.Join("; ", named),
            $"{excluded} request{(excluded == 1 ? "" : "s")} in flight then left out, both sides");
    }

    private static string Say(IGrouping<string?, ReplicaStall> stalls)
    {
        var who = stalls.Key is null ? "this gateway" : "replica " + stalls.Key;
        var length = GateText.Seconds(stalls.Sum(s => s.Length.TotalSeconds));
        var count = stalls.Count();
        return count == 1 ? $"{who} stalled {length}" : $"{who} stalled {count} times, {length} in all";
    }
}
