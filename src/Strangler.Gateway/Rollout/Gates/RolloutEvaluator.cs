using Strangler.Gateway.Dashboard.Metrics;
using Strangler.Gateway.Rollout.Plan;
using Strangler.Gateway.Rollout.State;

namespace Strangler.Gateway.Rollout.Gates;

/// <summary>
/// Judges a step: both sides' traffic from the dashboard's own history over one window, the plan's interval (never
/// reaching back before the step began), every gate the plan turns on, and one combined outcome: any fail fails, else
/// any inconclusive holds. A window of one interval, not the whole step, lets a passing evaluation follow a failed one,
/// which is what counting failures in a row needs; the price is that minRequests is needed per interval.
/// </summary>
internal sealed class RolloutEvaluator(TrafficHistory traffic, IEnumerable<IRolloutGate> gates, TimeProvider time)
{
    private static readonly TimeSpan MaxWindow = TimeSpan.FromSeconds(RolloutPlanValidator.MaxBakeSeconds);

    public async Task<(GateOutcome Outcome, IReadOnlyList<GateResult> Gates)> EvaluateAsync(
        string subdomain, RolloutPlan plan, RolloutState state, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var age = now - state.StepStartedAt;
        var interval = TimeSpan.FromSeconds(plan.IntervalSeconds);
        // One slot more, so the slot the window starts in counts (history slots are 10 s wide).
        var window = (age < interval ? age : interval) + SideHistory.FineWidth;
        window = window > MaxWindow ? MaxWindow : window < SideHistory.FineWidth ? SideHistory.FineWidth : window;
        var context = new GateContext(subdomain, plan, state, now - window, now,
            traffic.Summarize(subdomain, TrafficHistory.New, window),
            traffic.Summarize(subdomain, TrafficHistory.Legacy, window));
        var results = new List<GateResult>();
        foreach (var gate in gates.Where(g => g.AppliesTo(plan.Gates)))
        {
            results.Add(await gate.EvaluateAsync(context, cancellationToken));
        }

        var outcome = results.Any(r => r.Outcome == GateOutcome.Fail) ? GateOutcome.Fail
            : results.Any(r => r.Outcome == GateOutcome.Inconclusive) ? GateOutcome.Inconclusive
            : GateOutcome.Pass;
        return (outcome, results);
    }
}
