using Strangler.Sync.Reconcile.Continuous;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>The continuous check's SampleSizePerMinute stays a rate: each check takes its share of SampleInterval.</summary>
public sealed class SampleRateTests
{
    public static TheoryData<int, TimeSpan, int> Shares => new()
    {
        { 60, TimeSpan.FromMinutes(1), 60 },
        { 60, TimeSpan.FromSeconds(15), 15 },
        { 60, TimeSpan.FromMinutes(5), 300 },
        { 60, TimeSpan.FromSeconds(10), 10 },
        // 16.67 and 1.17: to the nearest key.
        { 100, TimeSpan.FromSeconds(10), 17 },
        { 7, TimeSpan.FromSeconds(10), 1 },
        // 2.5, 4.5 and 0.5: halves go up, not to the even neighbour.
        { 5, TimeSpan.FromSeconds(30), 3 },
        { 27, TimeSpan.FromSeconds(10), 5 },
        { 1, TimeSpan.FromSeconds(30), 1 },
        // Just under a half: down, but never below one key.
        { 1, TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1), 1 },
        { 1, TimeSpan.FromSeconds(1), 1 },
        { 2, TimeSpan.FromSeconds(1), 1 },
        { 1, TimeSpan.FromTicks(1), 1 },
        // The largest valid settings, and beyond them: rate × ticks outgrows a long, the result stops at int.MaxValue.
        { 100_000, TimeSpan.FromHours(24), 144_000_000 },
        { int.MaxValue, TimeSpan.FromHours(24), int.MaxValue },
        { int.MaxValue, TimeSpan.MaxValue, int.MaxValue },
        { 100_000, TimeSpan.MaxValue, int.MaxValue },
    };

    [Theory]
    [MemberData(nameof(Shares))]
    public void KeysPerCheck_IsTheRatesShareOfTheInterval_RoundedAndAtLeastOne(int perMinute, TimeSpan interval, int expected)
    {
        Assert.Equal(expected, SampleRate.KeysPerCheck(perMinute, interval));
    }

    [Fact]
    public void KeysPerCheck_WithoutARateOrAnInterval_Throws()
    {
        // A rate of 0 turns the check off, so no service asks; a service that did would sample nothing forever.
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleRate.KeysPerCheck(0, TimeSpan.FromMinutes(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleRate.KeysPerCheck(-1, TimeSpan.FromMinutes(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleRate.KeysPerCheck(60, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleRate.KeysPerCheck(60, TimeSpan.FromSeconds(-10)));
    }
}
