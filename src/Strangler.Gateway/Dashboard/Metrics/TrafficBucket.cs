namespace Strangler.Gateway.Dashboard.Metrics;

/// <summary>Traffic of one sub-domain side within one time slot of a rolling history.</summary>
internal sealed class TrafficBucket
{
    /// <summary>Slot number: unix milliseconds divided by the slot width.</summary>
    public long Slot { get; private set; } = -1;

    public long Requests { get; set; }

    public long Errors { get; set; }

    public long Fallbacks { get; set; }

    public long[] Latency { get; } = new long[LatencyBuckets.Count];

    public void Reset(long slot)
    {
        Slot = slot;
        Requests = 0;
        Errors = 0;
        Fallbacks = 0;
        Array.Clear(Latency);
    }
}
