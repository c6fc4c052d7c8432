using System.Text.Json;
using Strangler.Gateway.Dashboard.FleetTraffic;
using Strangler.Gateway.Dashboard.Metrics;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Routing;
using Strangler.Gateway.Shadow;
using Strangler.Gateway.Stalls;

namespace Strangler.Gateway.Rollout.FleetGates;

/// <summary>
/// This replica's <see cref="GateSlotsDocument"/>, published with its traffic figures (<see cref="FleetTrafficSource"/>):
/// only sub-domains whose route has a rollout plan, and per sub-domain only the slots its evaluation window can reach
/// (the plan's interval plus one slot, plus a lease handover's delay, at most <see cref="MaxWindow"/>) plus the
/// publication lag, so a slot is still published when the holder's window reaches back to it. With them go this replica's stalls that ended within the
/// longest window plus the lag, whatever the plans: the holder names them beside its own (<see cref="StallWatchdog"/>).
/// </summary>
internal sealed class LocalGateSlots(TrafficHistory traffic, RouteTableStore routes, FleetRouteState fleet,
    StallWatchdog stalls, IServiceProvider services, TimeProvider time)
{
    /// <summary>
    /// The longest window the gates judge in a fleet. A plan may set intervalSeconds up to an hour; publishing an hour
    /// of slots would make a replica's row 360 slots per side, most of it unchanged every publication. Fifteen minutes
    /// is 90 slots (measured 55 to 90 bytes a slot with traffic, so about 6.5 KB a side), and an evaluation that
    /// judged an hour-long interval on its last quarter of an hour still judges every replica.
    /// </summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>How old a replica's published row may be and still count: three publication intervals.</summary>
    public TimeSpan Freshness => fleet.Options.TrafficPublishInterval * FleetTrafficSource.FreshIntervals;

    public GateSlotsDocument Build()
    {
        var now = time.GetUtcNow();
        // Only the real shadow results are published per minute: a test's or an embedder's own IShadowDiffRates may
        // answer for the whole fleet already (or count its answers), and summing it over replicas would count it twice.
        var shadow = services.GetService(typeof(IShadowDiffRates)) as ShadowResults;
        var published = new List<RouteGateSlots>();
        foreach (var route in routes.Current?.Routes ?? [])
        {
            if (route.Rollout is not { } plan)
            {
                continue;
            }

            var window = Reach(plan.IntervalSeconds) + Freshness;
            published.Add(new RouteGateSlots(route.Name,
                [.. traffic.FineSlots(route.Name, TrafficHistory.New, window).Select(FleetGateSum.Sparse)],
                [.. traffic.FineSlots(route.Name, TrafficHistory.Legacy, window).Select(FleetGateSum.Sparse)],
                shadow is null ? [] : Diff(shadow, route.Name, now - window, now)));
        }

        return new GateSlotsDocument((int)SideHistory.FineWidth.TotalSeconds, published,
            [.. stalls.Since(now - MaxWindow - Freshness).Select(Published)], now.ToUnixTimeMilliseconds());
    }

    public string BuildJson() => JsonSerializer.Serialize(Build(), Json);

    /// <summary>The evaluation window of a plan's interval in a fleet: one slot more (as a single gateway), capped.</summary>
    public static TimeSpan Window(int intervalSeconds)
    {
        var window = TimeSpan.FromSeconds(intervalSeconds) + SideHistory.FineWidth;
        return window > MaxWindow ? MaxWindow : window;
    }

    /// <summary>
    /// How far back the holder's window may reach: an evaluation judges from where the previous one ended, so one that
    /// comes late reaches further than the plan's interval. The lateness a fleet makes by itself is a handover of the
    /// rollout lease (the holder crashed: another replica takes it within <see cref="FleetOptions.LeaseDuration"/>);
    /// slots as far back as that are published, so the new holder's first, late, evaluation still judges every
    /// replica's traffic since the last one. Capped like the window.
    /// </summary>
    private TimeSpan Reach(int intervalSeconds)
    {
        var reach = Window(intervalSeconds) + fleet.Options.LeaseDuration;
        return reach > MaxWindow ? MaxWindow : reach;
    }

    private static PublishedStall Published(Stall stall) =>
        new((stall.EndedAt - stall.Length).ToUnixTimeMilliseconds(), (long)stall.Length.TotalMilliseconds, stall.Excluded);

    private static List<PublishedDiff> Diff(ShadowResults shadow, string subdomain, DateTimeOffset from, DateTimeOffset to)
    {
        var minutes = new List<PublishedDiff>();
        for (var start = new DateTimeOffset(from.UtcTicks / Minute.Ticks * Minute.Ticks, TimeSpan.Zero); start < to; start += Minute)
        {
            var counts = shadow.Count(subdomain, start, start + Minute);
            if (counts.Compared > 0)
            {
                minutes.Add(new PublishedDiff(start.ToUnixTimeSeconds(), counts.Compared, counts.Differing));
            }
        }

        return minutes;
    }
}
