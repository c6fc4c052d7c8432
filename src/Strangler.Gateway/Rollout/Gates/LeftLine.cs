using System.Globalization;
using Strangler.Gateway.Rollout.FleetGates;

namespace Strangler.Gateway.Rollout.Gates;

/// <summary>
/// The <c>left</c> line of a fleet's evaluation: every replica that stopped cleanly whose last figures the window still
/// sums: <c>replica gw-2 left 12 s ago, its figures to 12:01:05 UTC counted</c>. Always a pass: a replica that left
/// serves nothing nobody counts, so promotion does not wait for it; the line says why the replica count includes a
/// replica no longer listed as running, and whose evidence that is.
/// </summary>
internal static class LeftLine
{
    public const string Gate = "left";

    /// <summary>The line; null when no replica that left is summed.</summary>
    public static GateResult? For(IReadOnlyList<LeftReplica> left) =>
        left.Count == 0 ? null
            : new GateResult(Gate, GateOutcome.Pass, string.Join("; ", left.Select(Say)),
                "stopped cleanly: its last figures count until the window passes them, nothing to wait for");

    private static string Say(LeftReplica replica) =>
        $"replica {replica.Replica} left {(long)replica.Since.TotalSeconds} s ago, its figures to "
        + $"{replica.LastFigures.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC counted";
}
