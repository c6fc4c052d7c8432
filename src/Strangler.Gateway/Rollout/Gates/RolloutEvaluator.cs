using Microsoft.Extensions.Logging;
using Strangler.Gateway.Dashboard.Metrics;
using Strangler.Gateway.Rollout.FleetGates;
using Strangler.Gateway.Rollout.Plan;
using Strangler.Gateway.Rollout.State;
using Strangler.Gateway.Stalls;

namespace Strangler.Gateway.Rollout.Gates;

/// <summary>
/// Judges a step: both sides' traffic from the dashboard's own history over one window, from where the previous
/// evaluation of the step judged (or the step's start) to now, so one interval when evaluations come on time; every
/// gate the plan turns on; and one combined outcome: any fail fails, else any inconclusive holds. A window since the
/// last evaluation, not the whole step, lets a passing evaluation follow a failed one, which is what counting failures
/// in a row needs; the price is that minRequests is needed per interval.
/// <para>
/// In a fleet the traffic is the fleet's (<see cref="FleetGateEvidence"/>): this replica's live slots plus the slots
/// the other replicas published, over a window of at most <see cref="LocalGateSlots.MaxWindow"/>. Their slots lag by
/// up to three publication intervals (5 s each by default), and the window still ends now rather than at the oldest
/// publication: the gates judge rates, which a missing tail does not bias, only thins; the holder's own freshest
/// evidence (a failure it serves itself) is never held back; and the tail is not lost, since the next window starts a
/// slot (10 s) before this one ended. The cost is that minRequests may wait one evaluation longer on a quiet fleet.
/// When the other replicas' figures cannot be read, or a fresh replica's cannot be summed, the traffic gates are
/// inconclusive and say why: a step never promotes, nor rolls back, on one replica's share.
/// </para>
/// <para>
/// Requests that were in flight while this gateway stalled are not in the figures (<see cref="StallWatchdog"/>); when
/// the window holds such a stall, the evaluation says so in a <c>stall</c> line that passes: what is left is still
/// evidence, judged as usual. In a fleet every replica leaves its own stalled requests out of what it publishes and
/// publishes its stalls with them, so the line names each replica's stalls that ended in the window (<see cref="StallLine"/>).
/// </para>
/// <para>
/// A replica that published before and not within the freshness bound is out of the sum yet may still be serving:
/// a <c>silent</c> line names it and is inconclusive, so promotion waits while a failing gate still rolls back; past
/// <see cref="Fleet.FleetOptions.ReplicaGoneAfter"/> it is named gone and no longer waited for (<see cref="SilentLine"/>).
/// A replica that stopped cleanly is neither: its last figures are summed while the window reaches them, and a
/// <c>left</c> line names it (<see cref="LeftLine"/>). A replica whose clock runs a slot or more from this one's has its
/// figures moved onto this clock before they are cut to the window, and a <c>clock</c> line names it (<see cref="ClockLine"/>).
/// </para>
/// </summary>
internal sealed class RolloutEvaluator(
    TrafficHistory traffic, FleetGateEvidence fleet, IEnumerable<IRolloutGate> gates, StallWatchdog stalls, TimeProvider time,
    ILogger<RolloutEvaluator> logger)
{
    private static readonly TimeSpan MaxWindow = TimeSpan.FromSeconds(RolloutPlanValidator.MaxBakeSeconds);

    public async Task<(GateOutcome Outcome, IReadOnlyList<GateResult> Gates)> EvaluateAsync(
        string subdomain, RolloutPlan plan, RolloutState state, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // First, so that a stall this evaluation is running right after (its tick was due during it) is seen.
        var stalled = stalls.Since(DateTimeOffset.MinValue);
        // From where the last evaluation judged up to (the step's start before the first): NextEvaluationAt is that
        // moment plus the interval. An evaluation that comes late (a holder restarted or handed over, a slow tick) used
        // to judge the last interval only, and the evidence of the delay's start was never judged: the failures a canary
        // served while the holder restarted left no trace, and the late evaluation promoted on the traffic after them.
        var since = state.NextEvaluationAt - TimeSpan.FromSeconds(plan.IntervalSeconds);
        since = since < state.StepStartedAt ? state.StepStartedAt : since;
        // One slot more, so the slot the window starts in counts (history slots are 10 s wide).
        var window = now - since + SideHistory.FineWidth;
        var max = fleet.Enabled ? LocalGateSlots.MaxWindow : MaxWindow;
        window = window > max ? max : window < SideHistory.FineWidth ? SideHistory.FineWidth : window;
        var (context, othersStalls, silent, left, clocks) = fleet.Enabled
            ? await FleetContextAsync(subdomain, plan, state, now, window, cancellationToken)
            : (new GateContext(subdomain, plan, state, now - window, now,
                traffic.Summarize(subdomain, TrafficHistory.New, window),
                traffic.Summarize(subdomain, TrafficHistory.Legacy, window)), [], [], [], []);
        var results = new List<GateResult>();
        foreach (var gate in gates.Where(g => g.AppliesTo(plan.Gates)))
        {
            results.Add(await EvaluateGateAsync(gate, context, cancellationToken));
        }

        if (SilentLine.For(silent, fleet.GoneAfter) is { } quiet)
        {
            results.Add(quiet);
        }

        if (LeftLine.For(left) is { } gone)
        {
            results.Add(gone);
        }

        if (ClockLine.For(clocks) is { } clock)
        {
            results.Add(clock);
        }

        var own = stalled.Select(s => new ReplicaStall(null, s.EndedAt, s.Length, s.Excluded));
        if (StallLine.For(own.Concat(othersStalls), now - window) is { } line)
        {
            results.Add(line);
        }

        return (Combine(results), results);
    }

    /// <summary>The evaluation's outcome: any fail fails (a rollback never waits), else any inconclusive holds.</summary>
    public static GateOutcome Combine(IReadOnlyList<GateResult> results) =>
        results.Any(r => r.Outcome == GateOutcome.Fail) ? GateOutcome.Fail
            : results.Any(r => r.Outcome == GateOutcome.Inconclusive) ? GateOutcome.Inconclusive
            : GateOutcome.Pass;

    // A gate that throws is inconclusive, and the others are still judged: a failing error gate must roll a step back
    // even while another gate cannot be evaluated.
    private async Task<GateResult> EvaluateGateAsync(IRolloutGate gate, GateContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await gate.EvaluateAsync(context, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            RolloutLog.GateFailed(logger, ex, context.Subdomain, gate.Name);
            return new GateResult(gate.Name, GateOutcome.Inconclusive, $"{gate.Name} n/a", "", $"the gate could not be evaluated: {ex.Message}");
        }
    }

    private async Task<(GateContext Context, IReadOnlyList<ReplicaStall> OthersStalls, IReadOnlyList<SilentReplica> Silent,
        IReadOnlyList<LeftReplica> Left, IReadOnlyList<ReplicaClock> Clocks)> FleetContextAsync(string subdomain,
        RolloutPlan plan, RolloutState state, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        try
        {
            var sum = await fleet.SumAsync(subdomain, now, window, cancellationToken);
            return (new GateContext(subdomain, plan, state, now - window, now, sum.New, sum.Legacy)
            {
                Replicas = sum.Replicas,
                OthersDiff = sum.OthersDiff,
                FleetError = sum.Unpublished.Count == 0 ? null
                    : $"the fleet's traffic is not all summed, not judged on part of it: {string.Join("; ", sum.Unpublished)}",
            }, sum.OthersStalls, sum.Silent, sum.Left, sum.Clocks);
        }
        catch (FleetGateUnreadableException ex)
        {
            var own = (New: traffic.Summarize(subdomain, TrafficHistory.New, window), Legacy: traffic.Summarize(subdomain, TrafficHistory.Legacy, window));
            return (new GateContext(subdomain, plan, state, now - window, now, own.New, own.Legacy)
            {
                Replicas = 1,
                FleetError = "the other replicas' traffic cannot be read from the fleet's store, not judged on this replica's share "
                    + $"({own.New.Requests} new / {own.Legacy.Requests} legacy requests): {ex.Message}",
            }, [], [], [], []);
        }
    }
}
