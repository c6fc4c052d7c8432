namespace Strangler.Gateway.Shadow;

/// <summary>
/// Compared requests over time for one sub-domain, per minute for the last 24 hours and per hour for 8 days. Each
/// bucket counts requests by their difference signature (which fields differed), not by a verdict, so that whether a
/// request "differed" is judged when it is read, against the fields judged noise then. Not thread-safe: its owner
/// (<see cref="SubdomainResults"/>) holds a lock.
/// </summary>
internal sealed class DiffHistory
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>24 hours at one minute: the demo's minutes and a day of production at full resolution.</summary>
    public static readonly TimeSpan MinuteRetention = TimeSpan.FromHours(24);

    /// <summary>8 days at one hour: a week of production, for charts and gates looking back that far.</summary>
    public static readonly TimeSpan HourRetention = TimeSpan.FromDays(8);

    private readonly SortedDictionary<long, Bucket> _minutes = [];
    private readonly SortedDictionary<long, Bucket> _hours = [];

    /// <summary>Counts one compared request; <paramref name="signature"/> is -1 when nothing differed.</summary>
    public void Add(DateTimeOffset at, int signature)
    {
        Slot(_minutes, at.UtcTicks / Minute.Ticks).Add(signature);
        Slot(_hours, at.UtcTicks / Hour.Ticks).Add(signature);
        Prune(at);
    }

    /// <summary>
    /// Counts requests compared by another process (this replica's previous run): judged there, so they differ or not
    /// as it judged them, whatever is judged noise here later (their signatures are not published).
    /// </summary>
    public void AddJudged(DateTimeOffset at, long compared, long differing)
    {
        Slot(_minutes, at.UtcTicks / Minute.Ticks).AddJudged(compared, differing);
        Slot(_hours, at.UtcTicks / Hour.Ticks).AddJudged(compared, differing);
        Prune(at);
    }

    /// <summary>
    /// Compared and differing requests in [from, to): minute buckets where they are still kept, hour buckets before
    /// that (a bucket counts when its start lies in the window). <paramref name="differs"/> judges a signature.
    /// </summary>
    public (long Compared, long Differing) Count(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, Func<int, bool> differs)
    {
        // Hours before this boundary are read from hour buckets, the rest from minute buckets, so nothing counts twice.
        var boundary = ((now - MinuteRetention).UtcTicks / Hour.Ticks + 1) * Hour.Ticks;
        long compared = 0, differing = 0;
        foreach (var (index, bucket) in _hours)
        {
            var start = index * Hour.Ticks;
            if (start < boundary && start >= from.UtcTicks && start < to.UtcTicks)
            {
                bucket.Sum(differs, ref compared, ref differing);
            }
        }

        foreach (var (index, bucket) in _minutes)
        {
            var start = index * Minute.Ticks;
            if (start >= boundary && start >= from.UtcTicks && start < to.UtcTicks)
            {
                bucket.Sum(differs, ref compared, ref differing);
            }
        }

        return (compared, differing);
    }

    private static Bucket Slot(SortedDictionary<long, Bucket> buckets, long index)
    {
        if (!buckets.TryGetValue(index, out var bucket))
        {
            bucket = new Bucket();
            buckets[index] = bucket;
        }

        return bucket;
    }

    private void Prune(DateTimeOffset now)
    {
        // Kept an hour past the minute retention so the boundary hour can still be read from minutes.
        var minuteCutoff = (now - MinuteRetention - Hour).UtcTicks / Minute.Ticks;
        while (_minutes.Count > 0 && _minutes.First().Key < minuteCutoff)
        {
            _minutes.Remove(_minutes.First().Key);
        }

        var hourCutoff = (now - HourRetention).UtcTicks / Hour.Ticks;
        while (_hours.Count > 0 && _hours.First().Key < hourCutoff)
        {
            _hours.Remove(_hours.First().Key);
        }
    }

    private sealed class Bucket
    {
        private readonly Dictionary<int, long> _bySignature = [];
        private long _compared;
        private long _judgedDiffering;

        public void Add(int signature)
        {
            _compared++;
            if (signature >= 0 || signature == SignatureRegistry.Overflow)
            {
                _bySignature[signature] = _bySignature.GetValueOrDefault(signature) + 1;
            }
        }

        public void AddJudged(long compared, long differing)
        {
            _compared += compared;
            _judgedDiffering += differing;
        }

        public void Sum(Func<int, bool> differs, ref long compared, ref long differing)
        {
            compared += _compared;
            differing += _judgedDiffering;
            foreach (var (signature, count) in _bySignature)
            {
                if (differs(signature))
                {
                    differing += count;
                }
            }
        }
    }
}
