using Strangler.Sync.Reconcile;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// Date-times compare to the millisecond, the precision of the stores' BSON date-times. Regression: the demo's
/// monolith keeps 100 ns ticks, so every customer was reported different by its CreatedAt, and no repair could help.
/// </summary>
public sealed class ValueComparisonTests
{
    private static readonly DateTime Legacy = new DateTime(2026, 12, 1, 3, 0, 22, DateTimeKind.Utc).AddTicks(9_895_841);

    [Fact]
    public void Equal_DateTimesWithinTheSameMillisecond_AreEqual() =>
        Assert.True(ValueComparison.Equal(Legacy, new DateTime(2026, 12, 1, 3, 0, 22, 989, DateTimeKind.Utc)));

    [Fact]
    public void Equal_DateTimesAMillisecondApart_Differ() =>
        Assert.False(ValueComparison.Equal(Legacy, new DateTime(2026, 12, 1, 3, 0, 22, 988, DateTimeKind.Utc)));

    [Fact]
    public void Equal_IsoTextAgainstTheStoredDateTime_ComparesToTheMillisecond()
    {
        Assert.True(ValueComparison.Equal("2026-12-01 03:00:22.9895841", new DateTime(2026, 12, 1, 3, 0, 22, 989, DateTimeKind.Utc)));
        Assert.False(ValueComparison.Equal("2026-12-01 03:00:22.9905841", new DateTime(2026, 12, 1, 3, 0, 22, 989, DateTimeKind.Utc)));
    }

    [Fact]
    public void ForReport_KeepsTheLegacyValuesFullPrecision() =>
        Assert.Equal("2026-12-01T03:00:22.9895841Z", ValueComparison.ForReport(Legacy));
}
