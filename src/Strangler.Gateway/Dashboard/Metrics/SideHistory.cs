namespace Strangler.Gateway.Dashboard.Metrics;

/// <summary>
/// Rolling history of one side of one sub-domain at several resolutions, all written on every measurement: 10-second
/// slots for the last hour (live plots, the demo's minutes), 1-minute slots for the last day and 10-minute slots for
/// the last week. A read picks the finest ring that covers its span, so a chart has 90 to 1440 points whatever the
/// span. Memory is bounded by the slot counts: at most 2,808 buckets, allocated only as traffic arrives; a side with
/// traffic for a week holds 0.97 MB (measured: bytes allocated over 8 days of writes), 0.35 MB of it the week ring.
/// </summary>
internal sealed class SideHistory
{
    public static readonly TimeSpan FineWidth = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan CoarseWidth = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan WeekWidth = TimeSpan.FromMinutes(10);

    /// <summary>Width and number of slots of each ring, finest first.</summary>
    public static readonly IReadOnlyList<(TimeSpan Width, int Slots)> Resolutions =
        [(FineWidth, 360), (CoarseWidth, 1440), (WeekWidth, 1008)];

    /// <summary>The longest span any ring covers: a week.</summary>
    public static TimeSpan MaxSpan => Resolutions[^1].Width * Resolutions[^1].Slots;

    private readonly Lock _lock = new();
    private readonly TrafficRing[] _rings = [.. Resolutions.Select(r => new TrafficRing(r.Width, r.Slots))];

    private TrafficRing Fine => _rings[0];

    /// <summary>Buckets allocated so far over every ring: never more than the sum of the slot counts.</summary>
    public int AllocatedBuckets
    {
        get
        {
            lock (_lock)
            {
                return _rings.Sum(r => r.Allocated);
            }
        }
    }

    public void RecordRequest(DateTimeOffset now, long count)
    {
        lock (_lock)
        {
            foreach (var ring in _rings)
            {
                ring.At(now).Requests += count;
            }
        }
    }

    public void RecordError(DateTimeOffset now, long count)
    {
        lock (_lock)
        {
            foreach (var ring in _rings)
            {
                ring.At(now).Errors += count;
            }
        }
    }

    public void RecordDuration(DateTimeOffset now, double seconds)
    {
        var index = LatencyBuckets.IndexOf(seconds);
        lock (_lock)
        {
            foreach (var ring in _rings)
            {
                ring.At(now).Latency[index]++;
            }
        }
    }

    public void RecordFallback(DateTimeOffset now, long count)
    {
        lock (_lock)
        {
            foreach (var ring in _rings)
            {
                ring.At(now).Fallbacks += count;
            }
        }
    }

    /// <summary>
    /// Adds a fine slot counted by another process (this replica's previous run, see
    /// <see cref="Rollout.FleetGates.PredecessorEvidence"/>) to every ring, onto what this process counted in it. A slot
    /// a ring no longer covers, or one ahead of <paramref name="now"/>, is left out: written, it would recycle a bucket
    /// that holds this process's newer traffic.
    /// </summary>
    public void Add(SlotFigures slot, DateTimeOffset now)
    {
        if (slot.Slot > Fine.SlotOf(now))
        {
            return;
        }

        var at = Fine.StartOf(slot.Slot);
        lock (_lock)
        {
            foreach (var ring in _rings)
            {
                if (ring.SlotOf(at) <= ring.SlotOf(now) - ring.Span.Ticks / ring.SlotWidth.Ticks)
                {
                    continue;
                }

                var bucket = ring.At(at);
                bucket.Requests += slot.Requests;
                bucket.Errors += slot.Errors;
                bucket.Fallbacks += slot.Fallbacks;
                for (var i = 0; i < bucket.Latency.Length && i < slot.Latency.Length; i++)
                {
                    bucket.Latency[i] += slot.Latency[i];
                }
            }
        }
    }

    /// <summary>Sums the fine slots covering the window; the rate divides by the time actually covered.</summary>
    public SideFigures Summarize(DateTimeOffset now, TimeSpan window)
    {
        var last = Fine.SlotOf(now);
        var first = Fine.SlotOf(now - window) + 1;
        long requests = 0, errors = 0, fallbacks = 0;
        var latency = new long[LatencyBuckets.Count];
        lock (_lock)
        {
            for (var slot = first; slot <= last; slot++)
            {
                if (Fine.Find(slot) is not { } bucket)
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

        var covered = Math.Max(1, (now - Fine.StartOf(first)).TotalSeconds);
        return new SideFigures(requests, errors, fallbacks, requests / covered, LatencyBuckets.Quantile(latency, 0.99));
    }

    /// <summary>
    /// The fine slots holding traffic among those <see cref="Summarize"/> would sum over <paramref name="window"/>,
    /// oldest first, copied: what a fleet replica publishes for the rollout gates.
    /// </summary>
    public IReadOnlyList<SlotFigures> FineSlots(DateTimeOffset now, TimeSpan window)
    {
        var last = Fine.SlotOf(now);
        var slots = new List<SlotFigures>();
        lock (_lock)
        {
            for (var slot = Fine.SlotOf(now - window) + 1; slot <= last; slot++)
            {
                if (Fine.Find(slot) is { } bucket)
                {
                    slots.Add(new SlotFigures(slot, bucket.Requests, bucket.Errors, bucket.Fallbacks, [.. bucket.Latency]));
                }
            }
        }

        return slots;
    }

    /// <summary>One point per slot of the finest ring covering the span, oldest first.</summary>
    public IReadOnlyList<SeriesPoint> Series(DateTimeOffset now, TimeSpan span)
    {
        var ring = _rings[RingFor(span)];
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
    public static TimeSpan SlotWidthFor(TimeSpan span) => Resolutions[RingFor(span)].Width;

    private static int RingFor(TimeSpan span)
    {
        for (var i = 0; i < Resolutions.Count - 1; i++)
        {
            if (span <= Resolutions[i].Width * Resolutions[i].Slots)
            {
                return i;
            }
        }

        return Resolutions.Count - 1;
    }
}
