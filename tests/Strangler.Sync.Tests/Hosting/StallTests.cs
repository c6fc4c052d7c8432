using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using Strangler.Sync.Metrics;

namespace Strangler.Sync.Tests.Hosting;

/// <summary>Issue 15.3: a pipeline with lag and no progress for StallAfter is flagged, in the stats and the meter.</summary>
public sealed class StallTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly IMeterFactory _meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    [Fact]
    public void A_pipeline_with_lag_and_no_progress_for_StallAfter_is_stalled_until_it_commits()
    {
        var metrics = new SyncMetrics(_meters, _time);
        var stats = metrics.Register("p", "projection", "customers", TimeSpan.FromMinutes(2));
        metrics.ConsumerLag("p", "projection", 40);

        _time.Advance(TimeSpan.FromSeconds(119));
        Assert.False(stats.IsStalled(_time.GetUtcNow()));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(stats.IsStalled(_time.GetUtcNow()));

        metrics.Progressed("p", "projection", [new CommittedOffset("t", 0, 12)]);
        Assert.False(stats.IsStalled(_time.GetUtcNow()));
        Assert.Equal(_time.GetUtcNow(), stats.LastProgress);
        Assert.Equal([new CommittedOffset("t", 0, 12)], stats.CommittedOffsets);
    }

    [Fact]
    public void An_idle_pipeline_without_lag_never_stalls()
    {
        var metrics = new SyncMetrics(_meters, _time);
        var stats = metrics.Register("p", "projection", "customers", TimeSpan.FromMinutes(2));
        _time.Advance(TimeSpan.FromHours(1));

        Assert.False(stats.IsStalled(_time.GetUtcNow()));
        Assert.Null(stats.LastProgress);
    }

    [Fact]
    public void The_meter_reports_progress_age_stalled_and_committed_offsets()
    {
        var metrics = new SyncMetrics(_meters, _time);
        metrics.Register("p", "backfill", "customers", TimeSpan.FromSeconds(30));
        metrics.Progressed("p", "backfill", [new CommittedOffset("events", 3, 99)]);
        metrics.ConsumerLag("p", "backfill", 5);
        _time.Advance(TimeSpan.FromSeconds(45));
        using var age = new MetricCollector<double>(_meters, SyncMetrics.MeterName, "strangler.sync.last_progress_age");
        using var stalled = new MetricCollector<int>(_meters, SyncMetrics.MeterName, "strangler.sync.stalled");
        using var committed = new MetricCollector<long>(_meters, SyncMetrics.MeterName, "strangler.sync.committed_offset");

        age.RecordObservableInstruments();
        stalled.RecordObservableInstruments();
        committed.RecordObservableInstruments();

        Assert.Equal(45, age.LastMeasurement!.Value);
        Assert.Equal(1, stalled.LastMeasurement!.Value);
        Assert.Equal(99, committed.LastMeasurement!.Value);
        Assert.Equal("events", committed.LastMeasurement.Tags["topic"]);
        Assert.Equal(3, committed.LastMeasurement.Tags["partition"]);
    }

    [Fact]
    public void The_committed_offset_gauge_has_no_sample_for_a_partition_with_nothing_committed()
    {
        // It reported librdkafka's Offset.Unset as an offset of -1001, beside real offsets on the same graph.
        var metrics = new SyncMetrics(_meters, _time);
        metrics.Register("p", "projection", "customers", TimeSpan.FromSeconds(30));
        metrics.Committed("p", "projection", [new CommittedOffset("t", 0, Confluent.Kafka.Offset.Unset.Value), new CommittedOffset("t", 1, 12)]);
        using var committed = new MetricCollector<long>(_meters, SyncMetrics.MeterName, "strangler.sync.committed_offset");

        committed.RecordObservableInstruments();

        var sample = Assert.Single(committed.GetMeasurementSnapshot());
        Assert.Equal((12L, 1), (sample.Value, (int)sample.Tags["partition"]!));
    }
}
