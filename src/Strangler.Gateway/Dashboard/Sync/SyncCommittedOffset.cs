namespace Strangler.Gateway.Dashboard.Sync;

/// <summary>
/// A pipeline group's committed offset on one partition, as its worker reports it; <see cref="Offset"/> is null while
/// the group has committed nothing there.
/// </summary>
internal sealed record SyncCommittedOffset(string Topic, int Partition, long? Offset)
{
    /// <summary>
    /// The same offset with librdkafka's "nothing committed" sentinel (-1001, which workers before the status reported
    /// null sent as is) as null, so that neither the dashboard nor its data API passes the sentinel on.
    /// </summary>
    public SyncCommittedOffset Normalized() => Offset < 0 ? this with { Offset = null } : this;
}
