namespace Strangler.Gateway.Rollout.State;

/// <summary>
/// A sub-domain's rollout as persisted in <c>rollouts/&lt;subdomain&gt;.json</c> beside the route history: what a
/// restarted gateway resumes from, and what a person reads to know where the rollout stands and why. In a fleet it is
/// a row of the fleet's store instead, so every replica reads the same one.
/// </summary>
internal sealed record RolloutState
{
    /// <summary>The sub-domain.</summary>
    public required string Subdomain { get; init; }

    /// <summary>Running, paused, completed, rolled back or aborted.</summary>
    public required RolloutStatus Status { get; init; }

    /// <summary>Index into the plan's steps of the step being served.</summary>
    public int Step { get; init; }

    /// <summary>The route mode the rollout last set (<c>canary:N</c>, <c>new</c>, <c>legacy</c>); any other mode on
    /// the route means a person flipped it, which pauses the rollout.</summary>
    public required string ExpectedMode { get; init; }

    /// <summary>When the rollout was started, and by whom.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Who started it.</summary>
    public required string StartedBy { get; init; }

    /// <summary>When the current step began serving (its bake time counts from here).</summary>
    public required DateTimeOffset StepStartedAt { get; init; }

    /// <summary>When the next evaluation is due.</summary>
    public required DateTimeOffset NextEvaluationAt { get; init; }

    /// <summary>Failed evaluations counted towards a rollback (in a row or in total, as the plan says).</summary>
    public int Failures { get; init; }

    /// <summary>Dead letters of the sub-domain's pipelines when the step began; null until the sync status was seen.</summary>
    public long? DeadLettersAtStepStart { get; init; }

    /// <summary>The last thing that happened, in words: why it paused, which gate rolled it back.</summary>
    public string Message { get; init; } = "";

    /// <summary>When the state last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// Counts the writes of this state (0 before the first): a write names the version it read and is refused if the
    /// state changed meanwhile, so two replicas (or a command and an evaluation) never overwrite each other.
    /// </summary>
    public long Version { get; init; }

    /// <summary>The most recent evaluations, newest last.</summary>
    public IReadOnlyList<RolloutEvaluation> Evaluations { get; init; } = [];

    /// <summary>True while the rollout still owns the sub-domain's route (running or paused).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsActive => Status is RolloutStatus.Running or RolloutStatus.Paused;
}
