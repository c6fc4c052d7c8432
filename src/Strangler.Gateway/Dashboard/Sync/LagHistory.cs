namespace Strangler.Gateway.Dashboard.Sync;

/// <summary>The worst lag seen per 10-second slot over the last hour, kept in a fixed ring.</summary>
internal sealed class LagHistory
{
    public static readonly TimeSpan SlotWidth = TimeSpan.FromSeconds(10);
    private const int SlotCount = 360;

    private readonly long[] _slots = Enumerable.Repeat(-1L, SlotCount).ToArray();
    private readonly double[] _lag = new double[SlotCount];
    private readonly Lock _lock = new();

    public void Record(DateTimeOffset now, double lagSeconds)
    {
        var slot = now.ToUnixTimeMilliseconds() / (long)SlotWidth.TotalMilliseconds;
        var position = (int)(slot % SlotCount);
        lock (_lock)
        {
            if (_slots[position] != slot)
            {
                _slots[position] = slot;
                _lag[position] = lagSeconds;
            }
            else
            {
                _lag[position] = Math.Max(_lag[position], lagSeconds);
            }
        }
    }

    /// <summary>Points over the span, oldest first; null where no poll landed in the slot.</summary>
    public IReadOnlyList<(DateTimeOffset Start, double? LagSeconds)> Series(DateTimeOffset now, TimeSpan span)
    {
        var width = (long)SlotWidth.TotalMilliseconds;
        var last = now.ToUnixTimeMilliseconds() / width;
        var first = Math.Max(last - SlotCount + 1, (now - span).ToUnixTimeMilliseconds() / width + 1);
        var points = new List<(DateTimeOffset, double?)>();
        lock (_lock)
        {
            for (var slot = first; slot <= last; slot++)
            {
                var position = (int)(slot % SlotCount);
                points.Add((DateTimeOffset.FromUnixTimeMilliseconds(slot * width),
                    _slots[position] == slot ? _lag[position] : null));
            }
        }

        return points;
    }
}
