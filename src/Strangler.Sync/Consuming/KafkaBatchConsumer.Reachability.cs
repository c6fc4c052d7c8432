using Confluent.Kafka;

namespace Strangler.Sync.Consuming;

/// <summary>
/// Whether the pipeline's Kafka answers, for the status. librdkafka reports a refused connection through the error
/// handler, but a broker that stops answering (frozen, a network partition, a dropped route) only times requests out
/// in its own log, and an idle consumer looks the same as a cut-off one. So when nothing came from the broker for
/// <see cref="ProbeInterval"/>, the loop asks the group coordinator for a committed offset.
/// </summary>
internal sealed partial class KafkaBatchConsumer
{
    /// <summary>How long without a sign of the broker before asking it (a 1 ms round trip to a broker that answers).</summary>
    internal static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(5);

    /// <summary>How long the probe waits: a coordinator slower than this to answer counts as unreachable.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    // The last sign of the broker, or the last failed probe (so that a down broker is asked once an interval, not at
    // every poll: the loop has nothing else to do then, but a probe blocks it for up to ProbeTimeout).
    private long _lastContact;

    /// <summary>Any partition will do (unassigned or of a topic not created yet); a pattern names no topic.</summary>
    private TopicPartition ProbePartition => new(_options.Topics.FirstOrDefault(t => !t.StartsWith('^')) ?? "__consumer_offsets", 0);

    /// <summary>Errors that say no broker can be reached at all; others (one broker of several) are only noted.</summary>
    private static bool MeansUnreachable(ErrorCode code) => code is ErrorCode.Local_AllBrokersDown or ErrorCode.Local_Authentication
        or ErrorCode.Local_Resolve or ErrorCode.Local_Ssl;

    private void Contact()
    {
        _lastContact = _time.GetTimestamp();
        _metrics.KafkaReached(_options.Pipeline, _options.Kind);
    }

    private void KafkaFailed(Error error, bool unreachable)
    {
        _metrics.KafkaFailed(_options.Pipeline, _options.Kind, error.Code.ToString(), _secrets.Redact(error.Reason), unreachable);
        if (unreachable)
        {
            _lastContact = 0;
        }
    }

    private bool KafkaReachable => _stats.Kafka.Reachable == true;

    private void ProbeIfQuiet(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (_lastContact != 0 && _time.GetElapsedTime(_lastContact) < ProbeInterval)
        {
            return;
        }

        try
        {
            // The group's committed offset of one partition: a round trip to the group coordinator, which the consumer
            // needs anyway. Not a metadata request: a metadata answer on the consumer's handle counts as a fresh
            // cache, and librdkafka then put off its own refresh, so a subscribed topic created later was never
            // seen (MockClusterWorkerTests caught it).
            consumer.Committed([ProbePartition], ProbeTimeout);
            Contact();
        }
        catch (KafkaException ex)
        {
            KafkaFailed(ex.Error, unreachable: true);
            _lastContact = _time.GetTimestamp();
        }
    }
}
