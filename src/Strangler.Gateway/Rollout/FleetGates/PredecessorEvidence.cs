using System.Text.Json;
using Microsoft.Extensions.Logging;
using Strangler.Gateway.Dashboard.Metrics;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Shadow;
using Strangler.Json;

namespace Strangler.Gateway.Rollout.FleetGates;

/// <summary>
/// The evidence this replica's previous run under the same id gathered, taken over before this run first publishes.
/// One row per replica id holds the gate slots, and each publication replaces it: a replica restarted under its id (the
/// default id is stable across restarts; a rolling deploy restarts every replica) overwrote its previous run's final
/// (or, if it crashed, last) figures with its own fresh counters, so failures seen just before a restart left the
/// holder's sum, and a bad canary could be promoted on the part of the traffic served after it. So the row is read once
/// and its slots added to this process's own history (traffic per fine slot into <see cref="TrafficHistory"/>, shadow
/// comparisons per minute into <see cref="ShadowResults"/>): every later publication carries them while its window
/// reaches them, as the previous run's would have, and when this replica holds the rollout lease (its own row is not
/// summed, its live history is) it judges them too. Chosen over merging in the publishing statement: one read at start
/// instead of JSON merging in each engine's SQL on every publication, and the holder's own live figures are covered,
/// which no statement reaches.
/// Publishing and evaluating wait for it (<see cref="EnsureTakenOverAsync"/>): a publication before it would destroy what
/// it reads, and one read after this run published would count this run twice. The previous run's stalls are not taken
/// over: they name a pause of a process that no longer runs, no evidence. Nor is anything read before this run holds its
/// id (<see cref="ReplicaOwnership"/>): the row may be another running process's under the same id, not a predecessor's.
/// </summary>
internal sealed class PredecessorEvidence(FleetRouteState fleet, ReplicaOwnership ownership, TrafficHistory traffic, IServiceProvider services,
    ILogger<PredecessorEvidence> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _done;

    /// <summary>
    /// The replica id whose previous run's evidence is still to be read (null once read, or with no fleet): until then
    /// this process's figures lack it, and the dashboard says "taking over" instead of showing them as the whole story.
    /// </summary>
    public string? Pending => fleet.Enabled && !_done ? fleet.Options.EffectiveReplicaId : null;

    /// <summary>Reads and adds the previous run's evidence, once; throws the store's error while it cannot be read.</summary>
    public async Task EnsureTakenOverAsync(CancellationToken cancellationToken)
    {
        if (_done || !fleet.Enabled || !ownership.Held)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_done)
            {
                return;
            }

            var replica = fleet.Options.EffectiveReplicaId;
            if (await fleet.Store.ReadOwnGateSlotsAsync(replica, cancellationToken) is { } row)
            {
                TakeOver(replica, row.Json, row.Age);
            }

            _done = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void TakeOver(string replica, string json, TimeSpan age)
    {
        GateSlotsDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<GateSlotsDocument>(json, Json);
        }
        catch (JsonException ex)
        {
            FleetLog.PredecessorUnreadable(logger, replica, "not valid JSON " + JsonErrorPosition.Describe(json, ex).ReplaceLineEndings(" "));
            return;
        }

        // Read as the holder reads any replica's row: what it would refuse to sum is not taken over either.
        if (FleetGateSum.Fault(document) is { } fault)
        {
            FleetLog.PredecessorUnreadable(logger, replica, fault);
            return;
        }

        // The previous run may have run on another machine (a StatefulSet pod moved to another node) whose clock
        // disagreed with this one's: its slots are moved onto this clock as the holder moves any replica's.
        var offset = ClockOffset.Of(document!, age, traffic.Time.GetUtcNow());
        if (ClockOffset.Undatable(offset, "this run's") is { } undatable)
        {
            FleetLog.PredecessorUnreadable(logger, replica, undatable);
            return;
        }

        if (offset != TimeSpan.Zero)
        {
            FleetLog.PredecessorClockOff(logger, replica, (long)Math.Round(offset.TotalSeconds));
        }

        document = ClockOffset.Moved(document!, offset);
        // Only the real shadow results take comparisons; an embedder's own IShadowDiffRates answers for itself.
        var shadow = services.GetService(typeof(IShadowDiffRates)) as ShadowResults;
        long requests = 0, errors = 0, compared = 0, differing = 0;
        foreach (var route in document!.Routes.Where(r => !string.IsNullOrEmpty(r.Subdomain)))
        {
            var sides = new[] { (TrafficHistory.New, route.New), (TrafficHistory.Legacy, route.Legacy) };
            foreach (var (side, slots) in sides)
            {
                traffic.Add(route.Subdomain, side, slots.Select(FleetGateSum.Dense));
                requests += slots.Sum(s => s.Requests);
                errors += slots.Sum(s => s.Errors);
            }

            foreach (var minute in shadow is null ? [] : route.Diff.AsEnumerable())
            {
                shadow!.AddJudged(route.Subdomain, DateTimeOffset.FromUnixTimeSeconds(minute.Minute), minute.Compared, minute.Differing);
                compared += minute.Compared;
                differing += minute.Differing;
            }
        }

        FleetLog.PredecessorTakenOver(logger, replica, requests, errors, compared, differing);
    }
}
