namespace Strangler.Sync.DeadLetters;

/// <summary>One message read from a dead-letter topic.</summary>
public sealed record DeadLetterRecord
{
    /// <summary>The dead-letter topic it sits in.</summary>
    public required string Topic { get; init; }

    /// <summary>Its partition in the dead-letter topic.</summary>
    public required int Partition { get; init; }

    /// <summary>Its offset in the dead-letter topic.</summary>
    public required long Offset { get; init; }

    /// <summary>When it was dead-lettered (the original message timestamp is preserved).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The reason header.</summary>
    public required string Reason { get; init; }

    /// <summary>The topic it came from.</summary>
    public required string SourceTopic { get; init; }

    /// <summary>The partition it came from; -1 when the header is missing.</summary>
    public required int SourcePartition { get; init; }

    /// <summary>The offset it came from; -1 when the header is missing.</summary>
    public required long SourceOffset { get; init; }

    /// <summary>The original key bytes.</summary>
    public byte[]? Key { get; init; }

    /// <summary>The original value bytes (null for a tombstone).</summary>
    public byte[]? Value { get; init; }

    /// <summary>The original headers, without the dead-letter ones.</summary>
    public IReadOnlyList<KeyValuePair<string, byte[]>> Headers { get; init; } = [];

    /// <summary>
    /// The size in bytes of the message's value when the dead letter was sent without it (too large for the
    /// dead-letter topic; <see cref="DeadLetterHeaders.ValueNotKept"/>); null when the value is kept.
    /// </summary>
    public long? ValueNotKept { get; init; }
}
