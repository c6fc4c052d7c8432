using Strangler.Gateway.Rollout.Gates;

namespace Strangler.Gateway.Rollout.State;

/// <summary>One evaluation of a step: when, at which weight, the combined outcome, what it led to, and every gate.</summary>
/// <param name="At">When it ran.</param>
/// <param name="Mode">The route mode judged, e.g. <c>canary:25</c>.</param>
/// <param name="Outcome">Fail if any gate failed, else inconclusive if any was, else pass.</param>
/// <param name="Action"><c>bake</c>, <c>hold</c>, <c>promote</c>, <c>complete</c>, <c>rollback</c> or
/// <c>rollback-refused</c> (the route admin refused the flip back to legacy, and the rollout paused).</param>
/// <param name="Gates">Each gate's answer.</param>
internal sealed record RolloutEvaluation(DateTimeOffset At, string Mode, GateOutcome Outcome, string Action, IReadOnlyList<GateResult> Gates);
