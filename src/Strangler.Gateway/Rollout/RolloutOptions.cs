namespace Strangler.Gateway.Rollout;

/// <summary>Settings of the rollout controller, bound from <c>Strangler:Gateway:Rollout</c>. Plans live in route files.</summary>
public sealed record RolloutOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Strangler:Gateway:Rollout";

    /// <summary>
    /// How often the controller looks at running rollouts: for a flip by hand (which pauses) and for a due evaluation.
    /// Evaluations themselves run at each plan's <c>intervalSeconds</c>. Default 5 seconds.
    /// </summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Directory of the rollout state files; default <c>rollouts/</c> beside the route history file.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>URLs that receive a JSON POST on every start, promotion, hold, rollback, completion, pause, resume and abort.</summary>
    public IReadOnlyList<string> WebhookUrls { get; init; } = [];

    /// <summary>How long one webhook POST may take. Default 5 seconds.</summary>
    public TimeSpan WebhookTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the optional HTTP check gate may take before it counts as inconclusive. Default 5 seconds.</summary>
    public TimeSpan HttpCheckTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Evaluations kept per rollout in its state file (the dashboard's pass / fail history). Default 20.</summary>
    public int EvaluationsKept { get; init; } = 20;
}
