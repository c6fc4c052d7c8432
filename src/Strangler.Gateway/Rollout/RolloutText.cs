using Strangler.Gateway.Rollout.State;

namespace Strangler.Gateway.Rollout;

/// <summary>How modes and states read in reasons and tags.</summary>
internal static class RolloutText
{
    public static string Status(RolloutStatus status) => status switch
    {
        RolloutStatus.Running => "running",
        RolloutStatus.Paused => "paused",
        RolloutStatus.Completed => "completed",
        RolloutStatus.RolledBack => "rolled-back",
        _ => "aborted",
    };

    /// <summary><c>canary:25</c> reads <c>25%</c>; <c>new</c> reads <c>100%</c>; <c>legacy</c> stays.</summary>
    public static string Weight(string modeText) => modeText switch
    {
        "new" => "100%",
        _ when modeText.StartsWith("canary:", StringComparison.Ordinal) => modeText["canary:".Length..] + "%",
        _ => modeText,
    };
}
