using Strangler.Gateway.Dashboard.Metrics;
using Strangler.Gateway.Dashboard.Steering;
using Strangler.Gateway.Dashboard.Sync;

namespace Strangler.Gateway.Dashboard.Api;

/// <summary>Builds the plot series for every sub-domain and pipeline over a span (up to 24 hours).</summary>
internal sealed class SeriesBuilder(IRouteSteering steering, TrafficHistory traffic, SyncStatusStore sync)
{
    public static readonly TimeSpan MaxSpan = TimeSpan.FromHours(24);

    public async Task<SeriesDto> BuildAsync(TimeSpan span, CancellationToken cancellationToken)
    {
        var routes = (await steering.ListAsync(cancellationToken)).Routes;
        var names = routes.Select(r => r.Subdomain)
            .Concat(traffic.Subdomains())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var result = new List<TrafficSeriesDto>(names.Count);
        foreach (var name in names)
        {
            var legacy = traffic.Series(name, TrafficHistory.Legacy, span);
            var @new = traffic.Series(name, TrafficHistory.New, span);
            result.Add(new TrafficSeriesDto(name, legacy[0].Start,
                [.. legacy.Select(p => p.Requests)], [.. @new.Select(p => p.Requests)],
                [.. legacy.Select(p => p.Errors)], [.. @new.Select(p => p.Errors)]));
        }

        var lag = sync.Pipelines()
            .Select(p => (p, points: sync.LagSeries(p.Source, p.Status.Name, span)))
            .Where(x => x.points.Count > 0)
            .Select(x => new LagSeriesDto(x.p.Status.Name, x.p.Status.Subdomain, x.points[0].Start,
                [.. x.points.Select(pt => pt.LagSeconds)]))
            .ToList();
        return new SeriesDto((int)SideHistory.SlotWidthFor(span).TotalSeconds, result, lag);
    }
}
