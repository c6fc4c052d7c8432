using Strangler.Gateway.Dashboard.Metrics;

namespace Strangler.Dashboard.Tests.Metrics;

public sealed class SideHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Summarize_CountsOnlyTheWindow()
    {
        var history = new SideHistory();
        history.RecordRequest(Start, 50);
        history.RecordRequest(Start.AddMinutes(2), 30);
        history.RecordError(Start.AddMinutes(2), 3);

        var figures = history.Summarize(Start.AddMinutes(2).AddSeconds(5), TimeSpan.FromMinutes(1));

        Assert.Equal(30, figures.Requests);
        Assert.Equal(0.1, figures.ErrorRate, 6);
        Assert.InRange(figures.RequestsPerSecond, 30.0 / 65, 30.0 / 55);
    }

    [Fact]
    public void AddedSlots_CountOnTopOfThisProcesssTraffic_ExceptOnesNoRingCoversOrAheadOfNow()
    {
        // A restarted replica's previous run's slots (PredecessorEvidence): one it also served in, one before its start,
        // one an hour and ten seconds old (past the fine ring, whose bucket there holds this process's slot now, but within
        // the minute ring), one in the future.
        var history = new SideHistory();
        var now = Start.AddSeconds(65);
        history.RecordRequest(now, 5);
        var slot = now.ToUnixTimeMilliseconds() / 10_000;
        var latency = new long[LatencyBuckets.Count];
        latency[3] = 2;
        history.Add(new SlotFigures(slot, 2, 2, 0, latency), now);
        history.Add(new SlotFigures(slot - 3, 7, 1, 0, latency), now);
        history.Add(new SlotFigures(slot - 361, 100, 100, 0, latency), now);
        history.Add(new SlotFigures(slot + 1, 100, 100, 0, latency), now);

        Assert.Equal([(slot - 3, 7L, 1L), (slot, 7L, 2L)], history.FineSlots(now, TimeSpan.FromMinutes(1)).Select(s => (s.Slot, s.Requests, s.Errors)));
        Assert.Equal(14, history.Summarize(now, TimeSpan.FromMinutes(1)).Requests);
        // The minute ring holds them too (the dashboard's longer plots), the hour-old one included.
        Assert.Equal(114, history.Series(now, TimeSpan.FromHours(2)).Sum(p => p.Requests));
    }

    [Fact]
    public void FineSlots_AreTheSlotsSummarizeSums_Copied()
    {
        var history = new SideHistory();
        history.RecordRequest(Start, 50);
        history.RecordRequest(Start.AddSeconds(40), 30);
        history.RecordError(Start.AddSeconds(40), 3);
        history.RecordDuration(Start.AddSeconds(40), 0.2);
        history.RecordRequest(Start.AddSeconds(60), 20);
        var now = Start.AddSeconds(65);

        var slots = history.FineSlots(now, TimeSpan.FromSeconds(60));
        var figures = history.Summarize(now, TimeSpan.FromSeconds(60));

        // The slot at Start is outside the window, as Summarize leaves it out; empty slots are not listed.
        Assert.Equal([30L, 20L], slots.Select(s => s.Requests));
        Assert.Equal((figures.Requests, figures.Errors), (slots.Sum(s => s.Requests), slots.Sum(s => s.Errors)));
        Assert.Equal(1, slots[0].Latency[LatencyBuckets.IndexOf(0.2)]);
        history.RecordRequest(Start.AddSeconds(60), 5);
        Assert.Equal(20, slots[1].Requests);
    }

    [Fact]
    public void Series_HourSpan_HasTenSecondSlotsWithGapsAsZero()
    {
        var history = new SideHistory();
        history.RecordRequest(Start, 4);
        history.RecordRequest(Start.AddSeconds(30), 6);

        var points = history.Series(Start.AddSeconds(30), TimeSpan.FromHours(1));

        Assert.Equal(360, points.Count);
        Assert.Equal(6, points[^1].Requests);
        Assert.Equal(0, points[^2].Requests);
        Assert.Equal(4, points[^4].Requests);
    }

    [Fact]
    public void Series_SlotOlderThanTheRing_IsRecycledNotReported()
    {
        var history = new SideHistory();
        history.RecordRequest(Start, 9);
        var later = Start.AddHours(1);
        history.RecordRequest(later, 1);

        var points = history.Series(later, TimeSpan.FromHours(1));

        Assert.Equal(1, points.Sum(p => p.Requests));
    }

    [Fact]
    public void Series_DaySpan_UsesMinuteSlotsAndKeepsOlderTraffic()
    {
        var history = new SideHistory();
        history.RecordRequest(Start, 9);
        var later = Start.AddHours(5);

        var points = history.Series(later, TimeSpan.FromHours(24));

        Assert.Equal(1440, points.Count);
        Assert.Equal(9, points.Sum(p => p.Requests));
        Assert.Equal(TimeSpan.FromMinutes(1), SideHistory.SlotWidthFor(TimeSpan.FromHours(24)));
    }

    [Fact]
    public void Series_WeekSpan_UsesTenMinuteSlotsAndKeepsFiveDayOldTraffic()
    {
        var history = new SideHistory();
        history.RecordRequest(Start, 9);
        history.RecordDuration(Start, 0.2);
        var later = Start.AddDays(5);

        var points = history.Series(later, TimeSpan.FromDays(7));

        Assert.Equal(1008, points.Count);
        Assert.Equal(TimeSpan.FromMinutes(10), SideHistory.SlotWidthFor(TimeSpan.FromDays(7)));
        var slot = Assert.Single(points, p => p.Requests > 0);
        Assert.Equal((9L, Start), (slot.Requests, slot.Start));
        Assert.InRange(slot.P99Seconds!.Value, 0.2, 0.3);
        Assert.Equal(0, history.Series(later, TimeSpan.FromDays(1)).Sum(p => p.Requests));
    }

    [Fact]
    public void History_UnderEightDaysOfWritesEverySecond_KeepsMemoryBoundedAndOnlyTheLastWeek()
    {
        var history = new SideHistory();
        var end = Start.AddDays(8);
        for (var now = Start; now < end; now = now.AddSeconds(1))
        {
            history.RecordRequest(now, 1);
            history.RecordDuration(now, 0.004);
        }

        var last = end.AddSeconds(-1);
        var week = history.Series(last, TimeSpan.FromDays(7));

        // Every slot of every ring was written many times over, yet no more buckets exist than slots.
        Assert.Equal(SideHistory.Resolutions.Sum(r => r.Slots), history.AllocatedBuckets);
        Assert.Equal(1008, week.Count);
        var covered = (long)(end - week[0].Start).TotalSeconds;
        Assert.Equal(covered, week.Sum(p => p.Requests));
        Assert.All(week, p => Assert.NotNull(p.P99Seconds));
    }
}
