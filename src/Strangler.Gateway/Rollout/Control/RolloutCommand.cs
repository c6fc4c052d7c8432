namespace Strangler.Gateway.Rollout.Control;

/// <summary>What a person can tell a rollout.</summary>
internal enum RolloutCommand
{
    /// <summary>Flip to the plan's first step and run.</summary>
    Start,

    /// <summary>Stop evaluating and flipping; traffic stays where it is.</summary>
    Pause,

    /// <summary>Run again from the current step, which bakes afresh.</summary>
    Resume,

    /// <summary>Flip back to legacy and end the rollout.</summary>
    Abort,
}
