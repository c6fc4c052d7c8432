using Strangler.Gateway.Rollout.Gates;

namespace Strangler.Gateway.Rollout.Notifications;

/// <summary>The JSON body POSTed to each webhook URL (the contract with whoever listens).</summary>
/// <param name="Event"><c>started</c>, <c>promoted</c>, <c>hold</c>, <c>rolled-back</c>, <c>rollback-refused</c> (the route admin refused
/// the flip back to legacy: the route stays on <paramref name="To"/> and the rollout is paused), <c>completed</c>, <c>paused</c>,
/// <c>resumed</c> or <c>aborted</c>.</param>
/// <param name="Subdomain">The sub-domain.</param>
/// <param name="At">When it happened.</param>
/// <param name="From">Route mode before (or the mode held at).</param>
/// <param name="To">Route mode after (for <c>rollback-refused</c>, the mode it still serves).</param>
/// <param name="Actor"><c>rollout</c> for the controller's own steps, else the person.</param>
/// <param name="Reason">The reason recorded with the flip, evidence included; for <c>rollback-refused</c>, the refusal and the rollback's reason.</param>
/// <param name="Gates">The gates of the evaluation that led to it; empty for commands.</param>
internal sealed record RolloutEvent(string Event, string Subdomain, DateTimeOffset At, string From, string To, string Actor,
    string Reason, IReadOnlyList<GateResult> Gates);
