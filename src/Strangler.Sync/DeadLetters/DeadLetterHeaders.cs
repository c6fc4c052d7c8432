namespace Strangler.Sync.DeadLetters;

/// <summary>Names of the headers a dead letter carries, and the dead-letter topic naming rule (shared contract).</summary>
public static class DeadLetterHeaders
{
    /// <summary>Why the message was given up on.</summary>
    public const string Reason = "dlq-reason";

    /// <summary>The topic the message was consumed from.</summary>
    public const string SourceTopic = "dlq-source-topic";

    /// <summary>Its partition, as a decimal string.</summary>
    public const string SourcePartition = "dlq-source-partition";

    /// <summary>Its offset, as a decimal string.</summary>
    public const string SourceOffset = "dlq-source-offset";

    /// <summary>
    /// Present on a dead letter sent without its value, because the message was too large for the dead-letter topic:
    /// the value's size in bytes, as a decimal string. Such a dead letter cannot be replayed; its source coordinates say
    /// where the message is.
    /// </summary>
    public const string ValueNotKept = "dlq-value-not-kept";

    /// <summary>The suffix of a dead-letter topic.</summary>
    public const string TopicSuffix = ".dlq";

    /// <summary>The dead-letter topic of <paramref name="sourceTopic"/>.</summary>
    public static string TopicFor(string sourceTopic) => sourceTopic + TopicSuffix;

    /// <summary>True for the headers above, which a replay strips.</summary>
    public static bool IsDeadLetterHeader(string key) =>
        key is Reason or SourceTopic or SourcePartition or SourceOffset or ValueNotKept;
}
