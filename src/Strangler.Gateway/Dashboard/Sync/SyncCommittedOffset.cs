namespace Strangler.Gateway.Dashboard.Sync;

/// <summary>A pipeline group's committed offset on one partition, as its worker reports it.</summary>
internal sealed record SyncCommittedOffset(string Topic, int Partition, long Offset);
