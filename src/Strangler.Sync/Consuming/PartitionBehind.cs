namespace Strangler.Sync.Consuming;

/// <summary>A partition on which a pipeline's consumer group had <paramref name="Messages"/> still to apply.</summary>
internal sealed record PartitionBehind(string Topic, int Partition, long Messages)
{
    public override string ToString() => $"{Topic}[{Partition}]";
}
