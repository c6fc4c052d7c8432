namespace Strangler.Gateway.Dashboard.Metrics;

/// <summary>
/// A fixed number of time slots reused round-robin: memory stays constant however long the gateway runs, and a slot
/// older than the ring's span is recycled the next time its position is written.
/// </summary>
internal sealed class TrafficRing(TimeSpan slotWidth, int slotCount)
{
    private readonly TrafficBucket?[] _slots = new TrafficBucket?[slotCount];
    private readonly long _widthMs = (long)slotWidth.TotalMilliseconds;

    public TimeSpan SlotWidth => slotWidth;

    public TimeSpan Span => slotWidth * slotCount;

    /// <summary>Slots holding a bucket: buckets are allocated on first write and reused after, up to the slot count.</summary>
    public int Allocated { get; private set; }

    public long SlotOf(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / _widthMs;

    public DateTimeOffset StartOf(long slot) => DateTimeOffset.FromUnixTimeMilliseconds(slot * _widthMs);

    /// <summary>The bucket for the given time, cleared first if it still holds an older slot.</summary>
    public TrafficBucket At(DateTimeOffset time)
    {
        var slot = SlotOf(time);
        var position = (int)(slot % slotCount);
        if (_slots[position] is not { } bucket)
        {
            bucket = _slots[position] = new TrafficBucket();
            Allocated++;
        }

        if (bucket.Slot != slot)
        {
            bucket.Reset(slot);
        }

        return bucket;
    }

    /// <summary>The bucket for a slot if it holds data for exactly that slot; otherwise null (no traffic then).</summary>
    public TrafficBucket? Find(long slot)
    {
        var bucket = _slots[(int)(slot % slotCount)];
        return bucket is not null && bucket.Slot == slot ? bucket : null;
    }
}
