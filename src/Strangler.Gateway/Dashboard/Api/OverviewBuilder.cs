using Microsoft.Extensions.Options;
using Strangler.Gateway.Breakers;
using Strangler.Gateway.Dashboard.FleetTraffic;
using Strangler.Gateway.Dashboard.Metrics;
using Strangler.Gateway.Dashboard.Steering;
using Strangler.Gateway.Dashboard.Sync;
using Strangler.Gateway.Rollout.FleetGates;

namespace Strangler.Gateway.Dashboard.Api;

/// <summary>Joins the route table, the traffic read model and the sync figures into the overview.</summary>
internal sealed class OverviewBuilder(
    IRouteSteering steering,
    TrafficHistory traffic,
    GatewayMetricsListener listener,
    SyncStatusStore sync,
    FleetTrafficSource fleet,
    BreakerRegistry breakers,
    PredecessorEvidence predecessor,
    IOptions<DashboardOptions> options)
{
    /// <summary>Rates, error rates and p99 are over the last minute: recent enough to watch a flip land.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public async Task<OverviewDto> BuildAsync(CancellationToken cancellationToken)
    {
        // Read before the figures: evidence taken over while they are summed must not be called pending after them.
        var takingOver = predecessor.Pending;
        listener.Refresh();
        var listing = await steering.ListAsync(cancellationToken);
        var routes = listing.Routes;
        var byName = routes.ToDictionary(r => r.Subdomain, StringComparer.Ordinal);
        // In a fleet, requests, errors and rates are the sum over the replicas; p99 and fallbacks stay this replica's.
        var fleetSum = await fleet.SumAsync(cancellationToken);
        var names = routes.Select(r => r.Subdomain)
            .Concat(traffic.Subdomains().Concat(fleetSum?.Counts.Keys.Select(k => k.Subdomain) ?? [])
                .Where(n => !byName.ContainsKey(n)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            .ToList();
        var pipelines = sync.Pipelines();
        var driftHolders = DriftPeers.Holders(
            pipelines.Where(p => p.Status.Kind == "projection").Select(p => (Pipeline: p, Check: sync.Drift(p.Source, p.Status.Name))),
            c => c).ToList();
        var sources = sync.Sources().ToDictionary(s => s.Url, StringComparer.Ordinal);

        var now = traffic.Time.GetUtcNow();
        var rows = names.Select(name => Row(name, byName.GetValueOrDefault(name), pipelines, sources, fleetSum, driftHolders, now)).ToList();
        var legacyRps = rows.Sum(r => r.Legacy.RequestsPerSecond);
        var newRps = rows.Sum(r => r.New.RequestsPerSecond);
        var legacyRequests = rows.Sum(r => r.Legacy.Requests);
        var newRequests = rows.Sum(r => r.New.Requests);
        var modes = new Dictionary<string, int>(StringComparer.Ordinal) { ["legacy"] = 0, ["canary"] = 0, ["new"] = 0 };
        foreach (var route in routes)
        {
            modes[route.Mode] = modes.GetValueOrDefault(route.Mode) + 1;
        }

        var headline = new HeadlineDto(Share(legacyRequests, newRequests), legacyRps + newRps, modes);
        return new OverviewDto(traffic.Time.GetUtcNow(), (int)Window.TotalSeconds, headline, rows,
            options.Value.SyncStatusUrls.Count > 0, [.. sources.Values], listing.LoadErrors,
            fleetSum is null ? null : new FleetTrafficDto(fleetSum.Replicas, fleetSum.Error, fleetSum.Silent), listing.LoadErrorAt,
            takingOver, listing.Loaded);
    }

    private SubdomainDto Row(
        string name,
        RouteView? route,
        IReadOnlyList<SyncPipelineView> pipelines,
        IReadOnlyDictionary<string, SyncSourceState> sources,
        FleetTrafficSum? fleetSum,
        IReadOnlyList<(SyncPipelineView Pipeline, SyncDriftStatus? Check)> driftHolders,
        DateTimeOffset now)
    {
        var legacy = Figures(name, TrafficHistory.Legacy, fleetSum);
        var @new = Figures(name, TrafficHistory.New, fleetSum);
        var feeding = pipelines
            .Where(p => string.Equals(p.Status.Subdomain, name, StringComparison.Ordinal))
            .Select(p => new SyncPipelineDto(p.Status.Name, p.Status.Kind, p.Status.Subdomain, p.Status.LagSeconds,
                p.Status.ConsumerLag, p.Status.Applied, p.AppliedPerSecond, p.Status.Skipped, p.Status.DeadLettered,
                p.Status.Retried, p.Source, sources.TryGetValue(p.Source, out var s) && s.Reachable,
                p.Status.LastProgress, p.Status.SinceProgressSeconds, p.Status.Stalled, p.Status.CommittedOffsets,
                sync.Drift(p.Source, p.Status.Name), p.Status.LagAgeSeconds, p.Status.Kafka, PeerCatchingUp(p, driftHolders, now),
                p.Status.Failing))
            .ToList();
        // Read from the breaker itself, not the gauge: the gauge has no "since", and one source cannot contradict itself.
        var breaker = breakers.Read(name);
        var open = breaker.State is BreakerState.Open or BreakerState.Trial;
        var fallbacks = traffic.Fallbacks(name);
        return new SubdomainDto(name, route?.Mode, route?.CanaryPercentage ?? 0, route?.Revision,
            Share(legacy.Requests, @new.Requests), Side(legacy), Side(@new), legacy.Fallbacks + @new.Fallbacks,
            route is null && traffic.BreakerOpen(name) is null ? null : open, feeding,
            new BreakerDto(StateText(breaker.State), breaker.OpenedAt, breaker.TrialAt),
            fallbacks?.Since, fallbacks?.Last, route?.LastChange);
    }

    /// <summary>
    /// The peer that makes this worker's drift check no evidence, as the rollout's drift gate judges it: the page showed
    /// a caught-up worker's figure as an alarm while the gate held on it because a peer was catching up.
    /// </summary>
    private DriftPeerDto? PeerCatchingUp(
        SyncPipelineView pipeline, IReadOnlyList<(SyncPipelineView Pipeline, SyncDriftStatus? Check)> holders, DateTimeOffset now) =>
        sync.Drift(pipeline.Source, pipeline.Status.Name) is { CatchingUp: null, Skipped: null }
        && DriftPeers.CatchingUp(pipeline, holders, c => c, now) is { } peer
            ? new DriftPeerDto(peer.Peer.Source, peer.CatchingUp)
            : null;

    private static string StateText(BreakerState state) => state switch
    {
        BreakerState.Open => "open",
        BreakerState.HalfOpen => "half-open",
        BreakerState.Trial => "trial",
        _ => "closed",
    };

    private SideFigures Figures(string name, string side, FleetTrafficSum? fleetSum)
    {
        var local = traffic.Summarize(name, side, Window);
        if (fleetSum is null)
        {
            return local;
        }

        return fleetSum.Counts.TryGetValue((name, side), out var sum)
            ? local with { Requests = sum.Requests, Errors = sum.Errors, RequestsPerSecond = sum.RequestsPerSecond }
            : local with { Requests = 0, Errors = 0, RequestsPerSecond = 0 };
    }

    private static SideDto Side(SideFigures f) =>
        new(f.Requests, Math.Round(f.RequestsPerSecond, 3), Math.Round(f.ErrorRate, 4),
            LatencyBuckets.Milliseconds(f.P99Seconds));

    private static double? Share(long legacy, long @new) =>
        legacy + @new == 0 ? null : Math.Round((double)@new / (legacy + @new), 4);
}
