namespace Strangler.Gateway.Dashboard.Metrics;

/// <summary>
/// One fine (10-second) slot of one side of a sub-domain, as kept, numbered as unix milliseconds divided by
/// <see cref="SideHistory.FineWidth"/>: counts and the latency bucket counts (<see cref="LatencyBuckets"/>), so slots
/// of several replicas can be summed and a p99 read from the sum.
/// </summary>
internal sealed record SlotFigures(long Slot, long Requests, long Errors, long Fallbacks, long[] Latency);
