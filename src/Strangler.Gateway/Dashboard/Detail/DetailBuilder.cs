using Microsoft.Extensions.DependencyInjection;
using Strangler.Gateway.Dashboard.Metrics;
using Strangler.Gateway.Dashboard.Steering;
using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Dashboard.Detail;

/// <summary>
/// Builds a sub-domain's detail charts from the traffic history and, when the shadow feature registered one, the
/// shadow diff rates, asked step by step over the same slots so every chart shares one time axis.
/// </summary>
internal sealed class DetailBuilder(IRouteSteering steering, TrafficHistory traffic, IServiceProvider services)
{
    /// <summary>The longest span the history keeps: a week, in 10-minute steps.</summary>
    public static TimeSpan MaxSpan => SideHistory.MaxSpan;

    /// <summary>The detail of a sub-domain, or null when it is neither a route nor seen in traffic.</summary>
    public async Task<DetailDto?> BuildAsync(string subdomain, TimeSpan span, CancellationToken cancellationToken)
    {
        var route = (await steering.ListAsync(cancellationToken)).Routes
            .FirstOrDefault(r => string.Equals(r.Subdomain, subdomain, StringComparison.Ordinal));
        if (route is null && !traffic.Subdomains().Contains(subdomain, StringComparer.Ordinal))
        {
            return null;
        }

        var now = traffic.Time.GetUtcNow();
        var step = SideHistory.SlotWidthFor(span);
        var legacy = traffic.Series(subdomain, TrafficHistory.Legacy, span);
        var @new = traffic.Series(subdomain, TrafficHistory.New, span);
        // Resolved per request, not injected: a test may replace the shadow feature's comparison with its own.
        var diffs = services.GetService<IShadowDiffRates>();
        var shadow = diffs is null ? null : Shadow(diffs, subdomain, legacy, step, now);
        // Shadow off and nothing compared over the span: the chart says "shadow off", not a line of zeros. What was
        // compared before shadow was turned off still shows.
        var shown = shadow is not null && (shadow.Compared.Any(c => c > 0) || ShadowActivity.IsOn(services, subdomain));
        return new DetailDto(subdomain, route?.Mode, route?.CanaryPercentage ?? 0, now, legacy[0].Start,
            (int)step.TotalSeconds, Side(legacy), Side(@new), shown ? shadow : null);
    }

    private static DetailSideDto Side(IReadOnlyList<SeriesPoint> points) => new(
        [.. points.Select(p => p.Requests)],
        [.. points.Select(p => p.Errors)],
        [.. points.Select(p => p.Requests == 0 ? (double?)null : Math.Round((double)p.Errors / p.Requests, 4))],
        [.. points.Select(p => LatencyBuckets.Milliseconds(p.P99Seconds))]);

    private static ShadowSeriesDto Shadow(
        IShadowDiffRates diffs, string subdomain, IReadOnlyList<SeriesPoint> slots, TimeSpan step, DateTimeOffset now)
    {
        var counts = slots
            .Select(p => diffs.Count(subdomain, p.Start, p.Start + step < now ? p.Start + step : now))
            .ToList();
        return new ShadowSeriesDto(
            [.. counts.Select(c => c.Compared)],
            [.. counts.Select(c => c.Differing)],
            [.. counts.Select(c => c.DiffRate is { } rate ? Math.Round(rate, 4) : (double?)null)]);
    }
}
