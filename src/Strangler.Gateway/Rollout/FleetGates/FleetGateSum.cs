using System.Text.Json;
using Strangler.Gateway.Dashboard.Metrics;
using Strangler.Gateway.Shadow;
using Strangler.Json;

namespace Strangler.Gateway.Rollout.FleetGates;

/// <summary>
/// Sums one sub-domain's traffic over an evaluation window across the fleet: this replica's live fine slots plus the
/// slots every other fresh replica published. Counts add; p99 is read from the summed latency histogram (an average
/// of p99s would hide one slow replica). The window is the slots <see cref="SideHistory.Summarize"/> would sum, so a
/// fleet of one judges exactly what a single gateway judges. A row older than the freshness bound is left out (its
/// replica stopped or lost the store); a fresh row that cannot be summed is named in
/// <see cref="FleetGateFigures.Unpublished"/>, never silently skipped. The stalls a summed replica published that ended
/// in the window are gathered too, for the evaluation to name. A row older than the freshness bound is a silent
/// replica (<see cref="FleetGateFigures.Silent"/>): frozen, crashed or cut off from the store, it may still serve
/// traffic nobody counts; past <c>goneAfter</c> it is gone, and named only in the window in which it became so.
/// A replica that stopped cleanly published its last figures marked as left, and is neither: its row is summed, however
/// old, while the window still reaches back to it (its slots are cut to the window as anyone's), so a rolling deploy
/// does not drop the evidence each stopped replica gathered in the window (<see cref="FleetGateFigures.Left"/>).
/// Each replica dates its figures on its own clock; one whose clock runs a slot or more from this one's has them moved
/// onto this clock before they are cut to the window (<see cref="ClockOffset"/>), and is named in
/// <see cref="FleetGateFigures.Clocks"/>.
/// </summary>
internal static class FleetGateSum
{
    private const long MaxStallMillis = 24 * 60 * 60 * 1000;
    private static readonly long MaxStallStart = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() - MaxStallMillis;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static FleetGateFigures Sum(string subdomain, DateTimeOffset now, TimeSpan window,
        IReadOnlyList<SlotFigures> ownNew, IReadOnlyList<SlotFigures> ownLegacy,
        string self, IEnumerable<PublishedGateSlots> published, TimeSpan freshness, TimeSpan goneAfter)
    {
        published = published.ToList();
        var width = (long)SideHistory.FineWidth.TotalMilliseconds;
        var first = (now - window).ToUnixTimeMilliseconds() / width + 1;
        var last = now.ToUnixTimeMilliseconds() / width;
        var newSide = new Accumulator(first, last);
        var legacySide = new Accumulator(first, last);
        newSide.Add(ownNew);
        legacySide.Add(ownLegacy);
        // Shadow minutes count when their start lies in [now - window, now), as the live count reads them.
        var from = (now - window).ToUnixTimeSeconds();
        var to = now.ToUnixTimeSeconds();
        long compared = 0, differing = 0;
        var replicas = 1;
        var unpublished = new List<string>();
        var stalls = new List<ReplicaStall>();
        var left = new List<LeftReplica>();
        var clocks = new List<ReplicaClock>();
        foreach (var row in published.Where(r => r.ReplicaId != self && (r.Age <= freshness || (r.Left && r.Age <= window))))
        {
            // A left row past the freshness bound whose slots were not read (its last publication just left the window).
            if (row.Left && row.Json is null && row.Age > freshness)
            {
                continue;
            }

            if (Parse(row, out var why) is not { } dated)
            {
                unpublished.Add($"{row.ReplicaId} ({why})");
                continue;
            }

            var offset = ClockOffset.Of(dated, row.Age, now);
            if (ClockOffset.Undatable(offset, "this replica's") is { } undatable)
            {
                unpublished.Add($"{row.ReplicaId} ({undatable})");
                continue;
            }

            if (offset != TimeSpan.Zero)
            {
                clocks.Add(new ReplicaClock(row.ReplicaId, offset));
            }

            var document = ClockOffset.Moved(dated, offset);
            replicas++;
            if (row.Left)
            {
                left.Add(new LeftReplica(row.ReplicaId, row.Age, now - row.Age));
            }

            // A stall that ended in the window paused part of that replica's evidence in it, whichever sub-domain.
            stalls.AddRange(from stall in document.Stalls ?? []
                            where stall.EndedAt >= now - window
                            select new ReplicaStall(row.ReplicaId, stall.EndedAt, TimeSpan.FromMilliseconds(stall.Millis), stall.Excluded));
            if (document.Routes.FirstOrDefault(r => r.Subdomain == subdomain) is not { } route)
            {
                continue;
            }

            newSide.Add(route.New.Select(Dense));
            legacySide.Add(route.Legacy.Select(Dense));
            foreach (var minute in route.Diff.Where(d => d.Minute >= from && d.Minute < to))
            {
                compared += minute.Compared;
                differing += minute.Differing;
            }
        }

        var covered = Math.Max(1, (now - DateTimeOffset.FromUnixTimeMilliseconds(first * width)).TotalSeconds);
        return new FleetGateFigures(newSide.Figures(covered), legacySide.Figures(covered),
            new ShadowDiffCounts(compared, differing), replicas, unpublished, stalls, Silent(now, window, self, published, freshness, goneAfter),
            [.. left.OrderBy(l => l.Replica, StringComparer.Ordinal)], [.. clocks.OrderBy(c => c.Replica, StringComparer.Ordinal)]);
    }

    private static List<SilentReplica> Silent(DateTimeOffset now, TimeSpan window, string self, IEnumerable<PublishedGateSlots> published,
        TimeSpan freshness, TimeSpan goneAfter) =>
        [.. published.Where(row => row.ReplicaId != self && !row.Left && row.Age > freshness && row.Age - goneAfter <= window)
            .OrderBy(row => row.ReplicaId, StringComparer.Ordinal)
            .Select(row => new SilentReplica(row.ReplicaId, row.Age, now - row.Age, row.Age > goneAfter))];

    /// <summary>A slot as published: the latency buckets that hold anything, as index / count pairs.</summary>
    public static PublishedSlot Sparse(SlotFigures slot)
    {
        var pairs = new List<long>();
        for (var i = 0; i < slot.Latency.Length; i++)
        {
            if (slot.Latency[i] != 0)
            {
                pairs.Add(i);
                pairs.Add(slot.Latency[i]);
            }
        }

        return new PublishedSlot(slot.Slot, slot.Requests, slot.Errors, slot.Fallbacks, [.. pairs]);
    }

    public static SlotFigures Dense(PublishedSlot slot)
    {
        var latency = new long[LatencyBuckets.Count];
        for (var i = 0; i + 1 < slot.Latency.Length; i += 2)
        {
            latency[slot.Latency[i]] += slot.Latency[i + 1];
        }

        return new SlotFigures(slot.Slot, slot.Requests, slot.Errors, slot.Fallbacks, latency);
    }

    private static GateSlotsDocument? Parse(PublishedGateSlots row, out string why)
    {
        if (row.Json is null)
        {
            why = "publishes no gate figures: a gateway version before fleet-wide gates?";
            return null;
        }

        GateSlotsDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<GateSlotsDocument>(row.Json, Json);
        }
        catch (JsonException ex)
        {
            why = "gate figures are not valid JSON " + JsonErrorPosition.Describe(row.Json, ex).ReplaceLineEndings(" ");
            return null;
        }

        why = Fault(document) ?? "";
        return why.Length == 0 ? document : null;
    }

    // Why a parsed document cannot be summed, or null if it can. The JSON may come from another gateway version: a
    // null list, slot, diff minute or latency array would throw while summing (on the lease holder, every tick until
    // the row went stale), a latency array not in pairs of known buckets would be misread, and a negative count would
    // cancel other replicas' traffic or errors out of the sum.
    public static string? Fault(GateSlotsDocument? document)
    {
        if (document is null)
        {
            return "gate figures are null";
        }

        if (document.SlotSeconds != (int)SideHistory.FineWidth.TotalSeconds)
        {
            return $"gate figures in {document.SlotSeconds} s slots, this replica sums {SideHistory.FineWidth.TotalSeconds} s slots";
        }

        return document.Routes is null || !document.Routes.All(IsWellFormed) || !(document.Stalls ?? []).All(IsWellFormed)
            || (document.BuiltAt is { } builtAt && (builtAt < 0 || builtAt > MaxStallStart))
            ? "gate figures are malformed" : null;
    }

    private static bool IsWellFormed(RouteGateSlots? route) =>
        route is { New: not null, Legacy: not null, Diff: not null }
        && route.New.Concat(route.Legacy).All(IsWellFormed) && route.Diff.All(IsWellFormed);

    // Latency as index / count pairs, each index one of this replica's buckets; no count below zero.
    private static bool IsWellFormed(PublishedSlot? slot) =>
        slot is { Requests: >= 0, Errors: >= 0, Fallbacks: >= 0, Latency: { } latency } && latency.Length % 2 == 0
        && latency.Where((_, i) => i % 2 == 0).All(bucket => bucket >= 0 && bucket < LatencyBuckets.Count)
        && latency.Where((_, i) => i % 2 == 1).All(count => count >= 0);

    // A stall past a day is no stall the watchdog reports (the process would have been stopped, not stalled), and its
    // start plus length must stay a date.
    private static bool IsWellFormed(PublishedStall? stall) =>
        stall is { Millis: >= 0 and <= MaxStallMillis, Excluded: >= 0, Start: >= 0 } && stall.Start <= MaxStallStart;

    private static bool IsWellFormed(PublishedDiff? minute) => minute is { Compared: >= 0, Differing: >= 0 };

    private sealed class Accumulator(long first, long last)
    {
        private readonly long[] _latency = new long[LatencyBuckets.Count];
        private long _requests, _errors, _fallbacks;

        public void Add(IEnumerable<SlotFigures> slots)
        {
            foreach (var slot in slots.Where(s => s.Slot >= first && s.Slot <= last))
            {
                _requests += slot.Requests;
                _errors += slot.Errors;
                _fallbacks += slot.Fallbacks;
                for (var i = 0; i < _latency.Length && i < slot.Latency.Length; i++)
                {
                    _latency[i] += slot.Latency[i];
                }
            }
        }

        public SideFigures Figures(double coveredSeconds) => new(_requests, _errors, _fallbacks, _requests / coveredSeconds,
            LatencyBuckets.Quantile(_latency, 0.99));
    }
}
