using Strangler.Sync.Reconcile;

namespace Strangler.Sync.Tests.Reconcile;

public sealed class ReconcileOptionsValidatorTests
{
    private static readonly ReconcileOptions Sampling = new()
    {
        Provider = "sqlite",
        ConnectionString = "Data Source=legacy.db",
        SampleSizePerMinute = 60,
    };

    public static TheoryData<TimeSpan> ValidIntervals =>
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromHours(24)];

    public static TheoryData<TimeSpan, string> InvalidIntervals => new()
    {
        { TimeSpan.Zero, "00:00:00" },
        { TimeSpan.FromSeconds(-10), "-00:00:10" },
        { TimeSpan.FromMilliseconds(999), "00:00:00.9990000" },
        { TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1), "1.00:00:01" },
    };

    [Fact]
    public void The_defaults_sample_once_a_minute_and_are_valid()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), new ReconcileOptions().SampleInterval);
        Assert.True(new ReconcileOptionsValidator().Validate(null, Sampling).Succeeded);
    }

    [Theory]
    [MemberData(nameof(ValidIntervals))]
    public void A_sample_interval_from_one_second_to_a_day_is_valid(TimeSpan interval)
    {
        // Without a recheck, which a short interval must outlast (below).
        var options = Sampling with { SampleInterval = interval, RecheckDelay = TimeSpan.Zero };

        Assert.Empty(ReconcileOptionsValidator.Errors(options, requireDatabase: true));
    }

    [Theory]
    [InlineData("00:00:01", "00:00:02")]
    [InlineData("00:00:02", "00:00:02")]
    // Bug: accepted, and a check that found a difference outlasted its interval (the next started late, back to back),
    // while the worker's status still said it checked every second.
    public void A_sample_interval_not_longer_than_the_recheck_delay_is_named_with_both_keys(string interval, string recheck)
    {
        var options = Sampling with { SampleInterval = TimeSpan.Parse(interval), RecheckDelay = TimeSpan.Parse(recheck) };

        var result = new ReconcileOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(
            [$"Strangler:Sync:Reconcile:SampleInterval: {interval} must be longer than Strangler:Sync:Reconcile:RecheckDelay ({recheck}), "
                + "which each check waits before it checks a differing key again; lengthen the one or shorten the other"],
            result.Failures);
    }

    [Fact]
    public void A_short_sample_interval_is_valid_when_the_check_is_off_or_a_little_longer_than_the_recheck()
    {
        var shortInterval = Sampling with { SampleInterval = TimeSpan.FromSeconds(1), RecheckDelay = TimeSpan.FromSeconds(2) };

        Assert.Empty(ReconcileOptionsValidator.Errors(shortInterval with { SampleSizePerMinute = 0 }, requireDatabase: false));
        Assert.Empty(ReconcileOptionsValidator.Errors(shortInterval with { RecheckDelay = TimeSpan.FromMilliseconds(999) }, requireDatabase: true));
    }

    [Theory]
    [MemberData(nameof(InvalidIntervals))]
    public void A_sample_interval_outside_one_second_to_a_day_is_named_with_its_value(TimeSpan interval, string shown)
    {
        var result = new ReconcileOptionsValidator().Validate(null, Sampling with { SampleInterval = interval });

        Assert.True(result.Failed);
        Assert.Equal([$"Strangler:Sync:Reconcile:SampleInterval: must be from 00:00:01 to 1.00:00:00, found {shown}"], result.Failures);
    }

    [Fact]
    public void A_bad_sample_interval_is_reported_with_every_other_problem()
    {
        var errors = ReconcileOptionsValidator.Errors(
            Sampling with { BatchSize = 0, SampleSizePerMinute = -1, SampleInterval = TimeSpan.FromDays(2) }, requireDatabase: true);

        Assert.Equal(
        [
            "Strangler:Sync:Reconcile:BatchSize: 0 is not between 1 and 10000",
            "Strangler:Sync:Reconcile:SampleSizePerMinute: -1 is not between 0 and 100000",
            "Strangler:Sync:Reconcile:SampleInterval: must be from 00:00:01 to 1.00:00:00, found 2.00:00:00",
        ], errors);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10_000_001)]
    public void A_max_rate_out_of_range_names_its_key(int rate)
    {
        var errors = ReconcileOptionsValidator.Errors(Sampling with { MaxKeysPerSecond = rate }, requireDatabase: true);

        Assert.Equal([$"Strangler:Sync:Reconcile:MaxKeysPerSecond: {rate} is not between 0 (no limit) and 10000000"], errors);
    }

    [Fact]
    public void An_interval_shorter_than_the_recheck_is_reported_with_every_other_problem()
    {
        var errors = ReconcileOptionsValidator.Errors(
            Sampling with { Concurrency = 0, SampleInterval = TimeSpan.FromSeconds(1), RecheckDelay = TimeSpan.FromSeconds(5) }, requireDatabase: true);

        Assert.Equal(2, errors.Count);
        Assert.Equal("Strangler:Sync:Reconcile:Concurrency: 0 is not between 1 and 64", errors[0]);
        Assert.StartsWith("Strangler:Sync:Reconcile:SampleInterval: 00:00:01 must be longer than Strangler:Sync:Reconcile:RecheckDelay (00:00:05)", errors[1]);
    }
}
