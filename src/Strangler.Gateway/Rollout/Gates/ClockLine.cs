using Strangler.Gateway.Dashboard.Metrics;
using Strangler.Gateway.Rollout.FleetGates;

namespace Strangler.Gateway.Rollout.Gates;

/// <summary>
/// The <c>clock</c> line of a fleet's evaluation: every summed replica whose clock ran a fine slot or more from this
/// replica's, by how much: <c>replica gw-2's clock is 63 s ahead of this replica's</c>. Always a pass: its figures were
/// moved onto this clock before the window cut them (<see cref="ClockOffset"/>), so they are judged for the time they
/// were served. It is named because ops should mend it: the figures moved in whole slots and minutes, so a few seconds
/// of that replica's traffic may still be judged in the neighbouring window, and its log and webhooks carry its own
/// clock's times.
/// </summary>
internal static class ClockLine
{
    public const string Gate = "clock";

    /// <summary>The line; null when every summed replica's clock is within a slot of this one's.</summary>
    public static GateResult? For(IReadOnlyList<ReplicaClock> clocks) =>
        clocks.Count == 0 ? null
            : new GateResult(Gate, GateOutcome.Pass, string.Join("; ", clocks.Select(Say)),
                $"clocks within {SideHistory.FineWidth.TotalSeconds} s: its figures were moved onto this replica's clock, keep the fleet's clocks in step (NTP)");

    // Rounded to the second: the offset is read to a few milliseconds, and 119.98 s should read as the 2 min it is.
    private static string Say(ReplicaClock clock)
    {
        var amount = GateText.Duration(TimeSpan.FromSeconds(Math.Round(clock.Offset.Duration().TotalSeconds)));
        return $"replica {clock.Replica}'s clock is {amount} {(clock.Offset > TimeSpan.Zero ? "ahead of" : "behind")} this replica's";
    }
}
