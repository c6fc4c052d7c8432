using Confluent.Kafka;

namespace Strangler.Sync.Consuming;

/// <summary>
/// Follows subscribed topics that Kafka reported missing. A topic is often created by its first message, so a
/// consumer that starts before any producer sees it missing, which is no cause for alarm; but librdkafka says so only
/// once and is silent after. So once the grace has passed, this asks the broker itself, and again every grace period
/// while a topic is still missing: only a topic missing that long is worth a warning.
/// </summary>
internal sealed class MissingTopicWatch(IReadOnlyList<string> topics, TimeSpan grace, TimeProvider time)
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(5);

    private long? _since;

    public TimeSpan Grace => grace;

    /// <summary>Notes a missing-topic report; true for the first one since every topic was last seen present.</summary>
    public bool Report()
    {
        if (_since is not null)
        {
            return false;
        }

        _since = time.GetTimestamp();
        return true;
    }

    /// <summary>
    /// Once the grace has passed since a report, the subscribed topics that still do not exist (empty when they all
    /// do, which ends the watch); before that, or with nothing reported, empty without asking the broker.
    /// </summary>
    public IReadOnlyList<string> StillMissing(Handle handle)
    {
        if (_since is not { } since || time.GetElapsedTime(since) < grace)
        {
            return [];
        }

        using var admin = new DependentAdminClientBuilder(handle).Build();
        var missing = new List<string>();
        // Patterns (^...) name no single topic to ask about.
        foreach (var topic in topics.Where(t => !t.StartsWith('^')))
        {
            try
            {
                if (admin.GetMetadata(topic, MetadataTimeout).Topics.Any(t => t.Error.Code is ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic))
                {
                    missing.Add(topic);
                }
            }
            catch (KafkaException)
            {
                // No answer from the broker says nothing about the topic; ask again after the next grace period.
                missing.Add(topic);
            }
        }

        _since = missing.Count > 0 ? time.GetTimestamp() : null;
        return missing;
    }
}
