using System.Data.Common;
using System.Text.Json;
using Strangler.Gateway.Dashboard.Api;
using Strangler.Gateway.Dashboard.Metrics;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Rollout.FleetGates;
using Strangler.Json;

namespace Strangler.Gateway.Dashboard.FleetTraffic;

/// <summary>
/// Traffic summed over the fleet. Each replica publishes its own rolling figures (requests and errors per sub-domain
/// and side over <see cref="OverviewBuilder.Window"/>) to the store; the overview adds the other replicas' last
/// published figures to this replica's live ones. Chosen over asking the peers directly: the store is already shared
/// and reachable by every replica, while peers may not reach each other (addresses behind a load balancer, network
/// policies), and a replica that died stops contributing once its row is older than three intervals, and is named
/// silent until <see cref="FleetOptions.ReplicaGoneAfter"/>; one that stopped cleanly published its last figures marked as
/// left, which count while fresh and are never named silent.
/// </summary>
internal sealed class FleetTrafficSource(FleetRouteState fleet, TrafficHistory traffic, GatewayMetricsListener listener,
    LocalGateSlots gateSlots, PredecessorEvidence predecessor)
{
    /// <summary>Publish intervals after which a replica's figures are left out (it stopped, or lost the store).</summary>
    internal const int FreshIntervals = 3;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public bool Enabled => fleet.Enabled;

    /// <summary>This replica's figures now, as published.</summary>
    public IReadOnlyList<RouteSideCount> Local()
    {
        listener.Refresh();
        var counts = new List<RouteSideCount>();
        foreach (var subdomain in traffic.Subdomains().Order(StringComparer.Ordinal))
        {
            foreach (var side in new[] { TrafficHistory.Legacy, TrafficHistory.New })
            {
                var figures = traffic.Summarize(subdomain, side, OverviewBuilder.Window);
                if (figures.Requests > 0)
                {
                    counts.Add(new RouteSideCount(subdomain, side, figures.Requests, figures.Errors, figures.RequestsPerSecond));
                }
            }
        }

        return counts;
    }

    /// <summary>
    /// Publishes the figures and, in the same row, the rollout gates' slots (<see cref="LocalGateSlots"/>), once the
    /// previous run's evidence under this id is taken over (<see cref="PredecessorEvidence"/>), since this replaces it.
    /// </summary>
    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        await predecessor.EnsureTakenOverAsync(cancellationToken);
        await fleet.Store.PublishTrafficAsync(fleet.Options.EffectiveReplicaId, JsonSerializer.Serialize(Local(), Json),
            gateSlots.BuildJson(), FleetLeave.KeepLeft(fleet.Options), fleet.Options.ForgetReplicaAfter, cancellationToken);
    }

    /// <summary>Publishes the figures and slots one last time, marked as left: this replica is stopping cleanly.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await predecessor.EnsureTakenOverAsync(cancellationToken);
        await fleet.Store.LeaveTrafficAsync(fleet.Options.EffectiveReplicaId, JsonSerializer.Serialize(Local(), Json),
            gateSlots.BuildJson(), cancellationToken);
    }

    /// <summary>The fleet's sum; null for a single gateway. When the store cannot be read, this replica's alone, saying so.</summary>
    public async Task<FleetTrafficSum?> SumAsync(CancellationToken cancellationToken)
    {
        if (!fleet.Enabled)
        {
            return null;
        }

        var counts = new Dictionary<(string, string), RouteSideCount>();
        Add(counts, Local());
        var replicas = 1;
        var figures = "";
        var silent = new List<string>();
        try
        {
            var freshness = TimeSpan.FromTicks(fleet.Options.TrafficPublishInterval.Ticks * FreshIntervals);
            foreach (var (replica, published, age, left) in await fleet.Store.ReadTrafficAsync(fleet.Options.ReplicaGoneAfter, cancellationToken))
            {
                // A replica that left is summed while its last figures are fresh, like any, and then simply drops out.
                if (replica == fleet.Options.EffectiveReplicaId || (left && age > freshness))
                {
                    continue;
                }

                // Out of the sum, but named: it may be serving traffic these figures do not count (as the rollout says).
                if (age > freshness)
                {
                    silent.Add($"{replica} silent for {(long)age.TotalSeconds} s");
                    continue;
                }

                figures = published;
                Add(counts, JsonSerializer.Deserialize<List<RouteSideCount>>(figures, Json) ?? []);
                replicas++;
            }
        }
        catch (Exception ex) when (ex is DbException or IOException or TimeoutException or InvalidOperationException or JsonException)
        {
            var reason = ex is JsonException json ? "a replica's figures are not valid JSON " + JsonErrorPosition.Describe(figures, json) : ex.Message;
            return new FleetTrafficSum(1, counts, "the route store cannot be read, this replica's traffic only: " + reason.ReplaceLineEndings(" "), []);
        }

        return new FleetTrafficSum(replicas, counts, null, silent);
    }

    private static void Add(Dictionary<(string, string), RouteSideCount> counts, IEnumerable<RouteSideCount> figures)
    {
        foreach (var f in figures)
        {
            counts[(f.Subdomain, f.Side)] = counts.TryGetValue((f.Subdomain, f.Side), out var sum)
                ? sum with { Requests = sum.Requests + f.Requests, Errors = sum.Errors + f.Errors, RequestsPerSecond = sum.RequestsPerSecond + f.RequestsPerSecond }
                : f;
        }
    }
}
