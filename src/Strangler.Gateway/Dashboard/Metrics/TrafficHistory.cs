using System.Collections.Concurrent;

namespace Strangler.Gateway.Dashboard.Metrics;

/// <summary>
/// The dashboard's read model of gateway traffic: one <see cref="SideHistory"/> per sub-domain and side, plus the
/// last observed breaker state per sub-domain. Fed by <see cref="GatewayMetricsListener"/>; read by the data endpoints.
/// </summary>
internal sealed class TrafficHistory(TimeProvider time)
{
    public const string Legacy = "legacy";
    public const string New = "new";

    private readonly ConcurrentDictionary<(string Subdomain, string Side), SideHistory> _sides = new();
    private readonly ConcurrentDictionary<string, bool> _breakerOpen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FallbackRun> _fallbackRuns = new(StringComparer.Ordinal);

    public TimeProvider Time => time;

    public void RecordRequest(string subdomain, string side, long count = 1) =>
        Side(subdomain, side).RecordRequest(time.GetUtcNow(), count);

    public void RecordError(string subdomain, string side, long count = 1) =>
        Side(subdomain, side).RecordError(time.GetUtcNow(), count);

    public void RecordDuration(string subdomain, string side, double seconds) =>
        Side(subdomain, side).RecordDuration(time.GetUtcNow(), seconds);

    /// <summary>A fallback is served by legacy, so it is counted on the legacy side of the sub-domain.</summary>
    public void RecordFallback(string subdomain, long count = 1)
    {
        var now = time.GetUtcNow();
        Side(subdomain, Legacy).RecordFallback(now, count);
        _fallbackRuns.AddOrUpdate(subdomain, static (_, at) => new FallbackRun(at, at),
            static (_, run, at) => at - run.Last > FallbackRun.Gap ? new FallbackRun(at, at) : run with { Last = at }, now);
    }

    /// <summary>The sub-domain's latest run of fallbacks (since when, and the last one); null before the first.</summary>
    public FallbackRun? Fallbacks(string subdomain) => _fallbackRuns.TryGetValue(subdomain, out var run) ? run : null;

    public void RecordBreaker(string subdomain, bool open) => _breakerOpen[subdomain] = open;

    public bool? BreakerOpen(string subdomain) => _breakerOpen.TryGetValue(subdomain, out var open) ? open : null;

    /// <summary>Every sub-domain seen in traffic or breaker readings so far.</summary>
    public IReadOnlyCollection<string> Subdomains() =>
        _sides.Keys.Select(k => k.Subdomain).Concat(_breakerOpen.Keys).Distinct(StringComparer.Ordinal).ToList();

    public SideFigures Summarize(string subdomain, string side, TimeSpan window) =>
        _sides.TryGetValue((subdomain, side), out var history)
            ? history.Summarize(time.GetUtcNow(), window)
            : SideFigures.None;

    /// <summary>The side's fine slots with traffic over the window (see <see cref="SideHistory.FineSlots"/>).</summary>
    public IReadOnlyList<SlotFigures> FineSlots(string subdomain, string side, TimeSpan window) =>
        _sides.TryGetValue((subdomain, side), out var history) ? history.FineSlots(time.GetUtcNow(), window) : [];

    /// <summary>Adds fine slots another process counted (see <see cref="SideHistory.Add"/>) to the side's history.</summary>
    public void Add(string subdomain, string side, IEnumerable<SlotFigures> slots)
    {
        var now = time.GetUtcNow();
        foreach (var slot in slots)
        {
            Side(subdomain, side).Add(slot, now);
        }
    }

    /// <summary>A side never seen gets an all-zero series without being stored, so reads cannot grow memory.</summary>
    public IReadOnlyList<SeriesPoint> Series(string subdomain, string side, TimeSpan span) =>
        (_sides.TryGetValue((subdomain, side), out var history) ? history : new SideHistory())
            .Series(time.GetUtcNow(), span);

    private SideHistory Side(string subdomain, string side) => _sides.GetOrAdd((subdomain, side), _ => new SideHistory());
}
