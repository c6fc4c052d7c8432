namespace Strangler.Gateway.Rollout.Gates;

/// <summary>The three answers of a gate, and of an evaluation as a whole.</summary>
internal enum GateOutcome
{
    /// <summary>The evidence is good.</summary>
    Pass,

    /// <summary>The evidence is bad: counts towards a rollback.</summary>
    Fail,

    /// <summary>Too little evidence to judge: holds the step; never promotes, never rolls back.</summary>
    Inconclusive,
}
