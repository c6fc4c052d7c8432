namespace Strangler.Gateway.Dashboard.Metrics;

/// <summary>
/// Fixed latency bucket bounds (seconds) shared by every history bucket, so buckets can be summed and a p99 read
/// from the sum. Bounds grow by half each step from 0.5 ms to about 2 minutes: p99 is accurate to that step.
/// </summary>
internal static class LatencyBuckets
{
    public static readonly double[] UpperBounds = Build();

    /// <summary>Number of buckets, including the last open-ended one.</summary>
    public static int Count => UpperBounds.Length + 1;

    public static int IndexOf(double seconds)
    {
        var index = Array.BinarySearch(UpperBounds, seconds);
        return index >= 0 ? index : ~index;
    }

    /// <summary>
    /// The upper bound of the bucket holding the given quantile, in seconds; null when nothing was recorded.
    /// Reporting the bound rather than interpolating errs on the slow side, which is the safe side for a p99.
    /// </summary>
    public static double? Quantile(ReadOnlySpan<long> counts, double quantile)
    {
        long total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        if (total == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(total * quantile);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return i < UpperBounds.Length ? UpperBounds[i] : UpperBounds[^1];
            }
        }

        return UpperBounds[^1];
    }

    /// <summary>
    /// A bound in milliseconds as people read it: 2.53, not the 2.5300000000000002 that multiplying the double by 1000
    /// gives. Two decimals are what the bounds hold (they are rounded to 10 µs).
    /// </summary>
    public static double? Milliseconds(double? seconds) => seconds is { } s ? Math.Round(s * 1000, 2) : null;

    private static double[] Build()
    {
        var bounds = new List<double>();
        for (var bound = 0.0005; bound < 130; bound *= 1.5)
        {
            bounds.Add(Math.Round(bound, 5));
        }

        return [.. bounds];
    }
}
