using Strangler.Gateway.Rollout.Plan;
using Strangler.Gateway.Rollout.State;

namespace Strangler.Gateway.Rollout.Control;

/// <summary>A sub-domain's rollout as the admin API, the CLI and the dashboard show it.</summary>
/// <param name="Subdomain">The sub-domain.</param>
/// <param name="Mode">The route's serving mode now.</param>
/// <param name="Plan">The plan in its route file; null when it has none.</param>
/// <param name="State">The persisted state; null when no rollout was ever started.</param>
/// <param name="Warnings">What keeps the plan from working as written (e.g. a diff gate with shadow off).</param>
internal sealed record RolloutView(string Subdomain, string? Mode, RolloutPlan? Plan, RolloutState? State, IReadOnlyList<string> Warnings);
