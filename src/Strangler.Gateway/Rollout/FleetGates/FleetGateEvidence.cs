using System.Data.Common;
using System.Text.Json;
using Strangler.Gateway.Dashboard.Metrics;
using Strangler.Gateway.Fleet;

namespace Strangler.Gateway.Rollout.FleetGates;

/// <summary>
/// The rollout evaluator's view of the fleet: this replica's live slots summed with every fresh replica's published
/// ones (<see cref="FleetGateSum"/>). Published slots lag by up to three publication intervals; the window is not
/// shortened for it (see <see cref="Gates.RolloutEvaluator"/>). Older rows name the replicas that fell silent.
/// </summary>
internal sealed class FleetGateEvidence(FleetRouteState fleet, TrafficHistory traffic, LocalGateSlots local,
    PredecessorEvidence predecessor)
{
    public bool Enabled => fleet.Enabled;

    /// <summary>The fleet's figures over the window ending now; throws <see cref="FleetGateUnreadableException"/>.</summary>
    public async Task<FleetGateFigures> SumAsync(string subdomain, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        IReadOnlyList<(string ReplicaId, TimeSpan Age, string? GateSlots, bool Left)> rows;
        try
        {
            // This replica's own row is not summed but its live history is, which holds its previous run's evidence
            // only once taken over: judged before, a restarted holder would promote past failures seen just before.
            await predecessor.EnsureTakenOverAsync(cancellationToken);
            // Twice the bound, so a row is left out by one rule (FleetGateSum's) whichever clock ran ahead; rows as old
            // as the gone bound plus the window, for the replicas that fell silent or gone (their slots are not read).
            // A replica that left has its slots read as long as the window reaches back to its last publication.
            rows = await fleet.Store.ReadGateSlotsAsync(local.Freshness * 2, window, GoneAfter + window, cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or IOException or TimeoutException or InvalidOperationException or JsonException)
        {
            throw new FleetGateUnreadableException(ex.Message.ReplaceLineEndings(" "), ex);
        }

        return FleetGateSum.Sum(subdomain, now, window,
            traffic.FineSlots(subdomain, TrafficHistory.New, window), traffic.FineSlots(subdomain, TrafficHistory.Legacy, window),
            fleet.Options.EffectiveReplicaId, rows.Select(r => new PublishedGateSlots(r.ReplicaId, r.Age, r.GateSlots, r.Left)), local.Freshness,
            GoneAfter);
    }

    /// <summary>How long a silent replica holds promotion back before it counts as gone.</summary>
    public TimeSpan GoneAfter => fleet.Options.ReplicaGoneAfter;
}
