namespace Strangler.Sync.Metrics;

/// <summary>The offset a pipeline's group committed on one partition: the next message it will read there.</summary>
internal sealed record CommittedOffset(string Topic, int Partition, long Offset)
{
    /// <summary>
    /// False while the group has committed nothing on the partition: librdkafka then reports <c>Offset.Unset</c>
    /// (-1001), a sentinel that the status endpoint and the meter do not pass on.
    /// </summary>
    public bool IsSet => Offset >= 0;
}
