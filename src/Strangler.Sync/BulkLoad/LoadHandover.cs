namespace Strangler.Sync.BulkLoad;

/// <summary>
/// What became of the hand-over to CDC at the end of a load: each case asks something different of the operator, so
/// the load says which one happened (a single "not handed over" left them to guess among three).
/// </summary>
public enum LoadHandover
{
    /// <summary>The pipeline's consumer group starts at the Kafka offsets taken before the load.</summary>
    HandedOver,

    /// <summary>No Kafka is configured (<c>Strangler:Sync:BootstrapServers</c>), so there was no consumer group to point.</summary>
    NoKafka,

    /// <summary>The consumer group already had committed offsets: CDC goes on from them, as it did before the load.</summary>
    GroupHadOffsets,

    /// <summary>
    /// A running worker holds the consumer group and has committed nothing: it reads the topics from their start, which
    /// is before the offsets taken, so it replays every change the load might have missed.
    /// </summary>
    GroupRunning,
}
