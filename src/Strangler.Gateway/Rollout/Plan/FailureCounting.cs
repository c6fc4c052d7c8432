namespace Strangler.Gateway.Rollout.Plan;

/// <summary>How failed evaluations add up towards a rollback.</summary>
public enum FailureCounting
{
    /// <summary>Failures in a row; a passing evaluation resets the count (an inconclusive one does not).</summary>
    Consecutive,

    /// <summary>Every failure since the rollout started.</summary>
    Total,
}
