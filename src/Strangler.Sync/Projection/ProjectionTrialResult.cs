namespace Strangler.Sync.Projection;

/// <summary>What <see cref="ProjectionTrial.Run"/> found: the writes, or the dead-letter reason; and the worker's warnings.</summary>
public sealed class ProjectionTrialResult
{
    /// <summary>The writes the store would be given, as JSON (each with its id and fields); null when dead-lettered.</summary>
    public string? Writes { get; init; }

    /// <summary>The reason the pipeline would dead-letter the message under; null when it would not.</summary>
    public string? DeadLetterReason { get; init; }

    /// <summary>
    /// What the worker would log as a warning for it (a mapped column the change does not carry), and a message key that
    /// disagrees with its own row, which only a key written by hand can.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
