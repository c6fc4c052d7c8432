namespace Strangler.Sync.Consuming;

/// <summary>What a handler did with a batch: every message not listed here was applied (or skipped as stale).</summary>
internal sealed record BatchOutcome
{
    /// <summary>A batch fully handled, nothing to dead-letter.</summary>
    public static BatchOutcome Success { get; } = new();

    /// <summary>Messages to send to the dead-letter topic, with their reasons.</summary>
    public IReadOnlyList<DeadLetter> DeadLetters { get; init; } = [];

    /// <summary>An outcome dead-lettering <paramref name="deadLetters"/>.</summary>
    public static BatchOutcome WithDeadLetters(IReadOnlyList<DeadLetter> deadLetters) =>
        deadLetters.Count == 0 ? Success : new BatchOutcome { DeadLetters = deadLetters };
}
