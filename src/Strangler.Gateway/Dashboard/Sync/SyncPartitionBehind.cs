namespace Strangler.Gateway.Dashboard.Sync;

/// <summary>
/// A partition on which a projection's consumer group, on whichever worker, still had changes to apply as a
/// continuous check ended, as the worker reports it in the check's <c>behind</c> array.
/// </summary>
internal sealed record SyncPartitionBehind(string Topic, int Partition, long Messages);
