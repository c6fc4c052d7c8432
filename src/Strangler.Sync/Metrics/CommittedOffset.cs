namespace Strangler.Sync.Metrics;

/// <summary>The offset a pipeline's group committed on one partition: the next message it will read there.</summary>
internal sealed record CommittedOffset(string Topic, int Partition, long Offset);
