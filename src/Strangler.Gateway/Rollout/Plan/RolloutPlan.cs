namespace Strangler.Gateway.Rollout.Plan;

/// <summary>
/// A sub-domain's progressive cutover, the <c>rollout</c> object of its route file: the canary steps, how long each
/// bakes, how much traffic a judgement needs, the gates, and how many failed evaluations roll it back.
/// </summary>
public sealed record RolloutPlan
{
    /// <summary>
    /// Canary percentages in rising order, ending with 100. Every step but the last is served as <c>canary:N</c>;
    /// reaching 100 flips the sub-domain to <c>new</c> and completes the rollout.
    /// </summary>
    public required IReadOnlyList<int> Steps { get; init; }

    /// <summary>Seconds a step must serve (and pass) before the next one. Default 300.</summary>
    public int BakeSeconds { get; init; } = 300;

    /// <summary>Seconds between two evaluations of a step. Default 60.</summary>
    public int IntervalSeconds { get; init; } = 60;

    /// <summary>Requests each side must have served in the window before a traffic gate can be judged. Default 100.</summary>
    public int MinRequests { get; init; } = 100;

    /// <summary>Failed evaluations that roll the sub-domain back to legacy. Default 1: the first failure.</summary>
    public int RollbackAfter { get; init; } = 1;

    /// <summary>Whether <see cref="RollbackAfter"/> counts failures in a row or in total over the rollout.</summary>
    public FailureCounting Counting { get; init; } = FailureCounting.Consecutive;

    /// <summary>The gates; a gate left out is not evaluated.</summary>
    public RolloutGates Gates { get; init; } = new();

    /// <summary>The route mode text a step index stands for: <c>canary:N</c>, or <c>new</c> for 100.</summary>
    internal string ModeTextOf(int step) => Steps[step] >= 100 ? "new" : $"canary:{Steps[step]}";
}
