using System.Globalization;
using Strangler.Gateway.Dashboard.Metrics;

namespace Strangler.Dashboard.Tests.Metrics;

public sealed class LatencyBucketsTests
{
    [Fact]
    public void Quantile_NothingRecorded_IsNull() =>
        Assert.Null(LatencyBuckets.Quantile(new long[LatencyBuckets.Count], 0.99));

    [Fact]
    public void Quantile_P99_IsTheBoundOfTheSlowestPercent()
    {
        var counts = new long[LatencyBuckets.Count];
        counts[LatencyBuckets.IndexOf(0.002)] += 98;
        counts[LatencyBuckets.IndexOf(0.800)] += 2;

        var p99 = LatencyBuckets.Quantile(counts, 0.99);

        Assert.NotNull(p99);
        Assert.InRange(p99.Value, 0.800, 0.800 * 1.5);
    }

    // The shadow report's latencies were the bound times 1000, which JSON wrote as 2.5300000000000002.
    [Fact]
    public void Milliseconds_EveryBound_ReadsWithAtMostTwoDecimals()
    {
        foreach (var bound in LatencyBuckets.UpperBounds)
        {
            var text = LatencyBuckets.Milliseconds(bound)!.Value.ToString("R", CultureInfo.InvariantCulture);
            Assert.Matches(@"^\d+(\.\d{1,2})?$", text);
            Assert.InRange(LatencyBuckets.Milliseconds(bound)!.Value, bound * 1000 - 0.005, bound * 1000 + 0.005);
        }
    }

    [Fact]
    public void IndexOf_ValueAboveLastBound_GoesToTheOpenBucket() =>
        Assert.Equal(LatencyBuckets.Count - 1, LatencyBuckets.IndexOf(10_000));
}
