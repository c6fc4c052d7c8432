using Confluent.Kafka;

namespace Strangler.Sync.Consuming;

/// <summary>
/// Follows subscribed topics that Kafka reported missing. A topic is often created by its first message, so a
/// consumer that starts before any producer sees it missing, which is no cause for alarm; but librdkafka says so only
/// once, and when the group formed on the other topics it looks for the missing one again only at its next metadata
/// refresh (<c>topic.metadata.refresh.interval.ms</c>, 5 minutes by default). So this asks the broker itself every
/// <see cref="LookEvery"/> while a topic is missing: one that has appeared is reported so the consumer subscribes again
/// (which makes the group assign its partitions now), and one still missing after the grace is worth a warning.
/// </summary>
internal sealed class MissingTopicWatch(IReadOnlyList<string> topics, TimeSpan grace, TimeProvider time)
{
    /// <summary>
    /// How often a missing topic is looked for: one metadata request a second per consumer, only while a topic is
    /// missing. The demo's capture creates its topics with its first messages within a second of the projection's start.
    /// </summary>
    public static readonly TimeSpan LookEvery = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(5);

    private long? _since;
    private long _lastLook;
    private HashSet<string>? _missing;

    public TimeSpan Grace => grace;

    /// <summary>
    /// Notes a missing-topic report (<paramref name="reason"/> is librdkafka's text, which names the topic); true for
    /// the first one since every topic was last seen present.
    /// </summary>
    public bool Report(string reason)
    {
        // The topics the report names; a report naming none (a pattern, other wording) stands for all of them.
        var named = topics.Where(t => reason.Contains(t, StringComparison.Ordinal)).ToList();
        if (_missing is null)
        {
            _missing = new HashSet<string>(named.Count > 0 ? named : topics, StringComparer.Ordinal);
        }
        else
        {
            _missing.UnionWith(named);
        }

        if (_since is not null)
        {
            return false;
        }

        _since = time.GetTimestamp();
        _lastLook = _since.Value;
        return true;
    }

    /// <summary>
    /// At most every <see cref="LookEvery"/> while a topic is reported missing, asks the broker: which reported topics
    /// now exist (the consumer subscribes again for them) and, once the grace has passed since the report, which still
    /// do not (a warning, again every grace period). Both empty between looks and when nothing is missing.
    /// </summary>
    public MissingTopicLook Look(Handle handle)
    {
        if (_since is not { } since || _missing is null || time.GetElapsedTime(_lastLook) < LookEvery)
        {
            return MissingTopicLook.Nothing;
        }

        _lastLook = time.GetTimestamp();
        using var admin = new DependentAdminClientBuilder(handle).Build();
        var stillMissing = new List<string>();
        // Patterns (^...) name no single topic to ask about.
        foreach (var topic in _missing.Where(t => !t.StartsWith('^')))
        {
            try
            {
                if (admin.GetMetadata(topic, MetadataTimeout).Topics.Any(t => t.Error.Code is ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic))
                {
                    stillMissing.Add(topic);
                }
            }
            catch (KafkaException)
            {
                // No answer from the broker says nothing about the topic; ask again at the next look.
                stillMissing.Add(topic);
            }
        }

        var appeared = _missing.Where(t => !t.StartsWith('^') && !stillMissing.Contains(t)).ToList();
        _missing.ExceptWith(appeared);
        if (stillMissing.Count == 0)
        {
            _since = null;
            _missing = null;
            return new MissingTopicLook(appeared, []);
        }

        if (time.GetElapsedTime(since) < grace)
        {
            return new MissingTopicLook(appeared, []);
        }

        _since = time.GetTimestamp();
        return new MissingTopicLook(appeared, stillMissing);
    }
}
