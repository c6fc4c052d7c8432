namespace Strangler.Gateway.Rollout.State;

/// <summary>Where a sub-domain's rollout stands.</summary>
internal enum RolloutStatus
{
    /// <summary>Evaluated on schedule; promotes on evidence, rolls back on failure.</summary>
    Running,

    /// <summary>Held by a person (or by a flip by hand): nothing is evaluated or flipped until resumed.</summary>
    Paused,

    /// <summary>Reached 100 %: the sub-domain is served by its new side.</summary>
    Completed,

    /// <summary>A gate failed: the sub-domain was flipped back to legacy.</summary>
    RolledBack,

    /// <summary>Stopped by a person; the sub-domain was flipped back to legacy.</summary>
    Aborted,
}
