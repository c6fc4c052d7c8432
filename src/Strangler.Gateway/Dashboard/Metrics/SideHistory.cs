namespace Strangler.Gateway.Dashboard.Metrics;

/// <summary>
/// Rolling history of one side of one sub-domain: 10-second slots for the last hour (live plots) and 1-minute slots
/// for the last day (longer plots), both written on every measurement.
/// </summary>
internal sealed class SideHistory
{
    public static readonly TimeSpan FineWidth = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan CoarseWidth = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly TrafficRing _fine = new(FineWidth, 360);
    private readonly TrafficRing _coarse = new(CoarseWidth, 1440);

    public void RecordRequest(DateTimeOffset now, long count)
    {
        lock (_lock)
        {
            _fine.At(now).Requests += count;
            _coarse.At(now).Requests += count;
        }
    }

    public void RecordError(DateTimeOffset now, long count)
    {
        lock (_lock)
        {
            _fine.At(now).Errors += count;
            _coarse.At(now).Errors += count;
        }
    }

    public void RecordDuration(DateTimeOffset now, double seconds)
    {
        var index = LatencyBuckets.IndexOf(seconds);
        lock (_lock)
        {
            _fine.At(now).Latency[index]++;
            _coarse.At(now).Latency[index]++;
        }
    }

    public void RecordFallback(DateTimeOffset now, long count)
    {
        lock (_lock)
        {
            _fine.At(now).Fallbacks += count;
            _coarse.At(now).Fallbacks += count;
        }
    }

    /// <summary>Sums the fine slots covering the window; the rate divides by the time actually covered.</summary>
    public SideFigures Summarize(DateTimeOffset now, TimeSpan window)
    {
        var last = _fine.SlotOf(now);
        var first = _fine.SlotOf(now - window) + 1;
        long requests = 0, errors = 0, fallbacks = 0;
        var latency = new long[LatencyBuckets.Count];
        lock (_lock)
        {
            for (var slot = first; slot <= last; slot++)
            {
                if (_fine.Find(slot) is not { } bucket)
                {
                    continue;
                }

                requests += bucket.Requests;
                errors += bucket.Errors;
                fallbacks += bucket.Fallbacks;
                for (var i = 0; i < latency.Length; i++)
                {
                    latency[i] += bucket.Latency[i];
                }
            }
        }

        var covered = Math.Max(1, (now - _fine.StartOf(first)).TotalSeconds);
        return new SideFigures(requests, errors, fallbacks, requests / covered, LatencyBuckets.Quantile(latency, 0.99));
    }

    /// <summary>One point per slot over the span (fine slots up to an hour, coarse beyond), oldest first.</summary>
    public IReadOnlyList<SeriesPoint> Series(DateTimeOffset now, TimeSpan span)
    {
        var ring = span <= _fine.Span ? _fine : _coarse;
        var last = ring.SlotOf(now);
        var first = ring.SlotOf(now - span) + 1;
        var points = new List<SeriesPoint>((int)(last - first + 1));
        lock (_lock)
        {
            for (var slot = first; slot <= last; slot++)
            {
                var bucket = ring.Find(slot);
                points.Add(bucket is null
                    ? new SeriesPoint(ring.StartOf(slot), 0, 0, null)
                    : new SeriesPoint(ring.StartOf(slot), bucket.Requests, bucket.Errors,
                        LatencyBuckets.Quantile(bucket.Latency, 0.99)));
            }
        }

        return points;
    }

    /// <summary>Slot width used by <see cref="Series"/> for a span, so callers can label the axis.</summary>
    public static TimeSpan SlotWidthFor(TimeSpan span) => span <= FineWidth * 360 ? FineWidth : CoarseWidth;
}
