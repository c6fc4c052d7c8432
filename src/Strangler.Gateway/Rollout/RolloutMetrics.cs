using System.Diagnostics.Metrics;
using Strangler.Gateway.Metrics;
using Strangler.Gateway.Rollout.Gates;
using Strangler.Gateway.Rollout.State;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Rollout;

/// <summary>
/// Rollout instruments on the gateway's meter (so the existing Prometheus export carries them): the state and the
/// serving weight per sub-domain, whether the state can be read, and every gate outcome.
/// </summary>
internal sealed class RolloutMetrics
{
    private readonly Counter<long> _evaluations;

    public RolloutMetrics(IMeterFactory meterFactory, IRolloutStateStore states, RouteTableStore routes)
    {
        var meter = meterFactory.Create(GatewayInstruments.MeterName);
        meter.CreateObservableGauge("strangler.rollout.state", () => ObserveStates(states), "{rollout}",
            "1 for the state each sub-domain's rollout is in (tag state: running, paused, completed, rolled-back, aborted).");
        meter.CreateObservableGauge("strangler.rollout.weight", () => ObserveWeights(states, routes), "%",
            "Percentage of users the new side serves, for sub-domains with a rollout.");
        meter.CreateObservableGauge("strangler.rollout.store_available", () => states.Unavailable is null ? 1 : 0, "1",
            "0 while the fleet's store cannot be reached for rollout state: no rollout is evaluated or commanded until it answers.");
        _evaluations = meter.CreateCounter<long>("strangler.rollout.evaluations", "{evaluation}",
            "Gate outcomes per sub-domain (tag gate: errors, p99, diff, sync, http, or all for the combined outcome).");
    }

    public void RecordEvaluation(string subdomain, GateOutcome outcome, IReadOnlyList<GateResult> gates)
    {
        _evaluations.Add(1, Tags(subdomain, "all", outcome));
        foreach (var gate in gates)
        {
            _evaluations.Add(1, Tags(subdomain, gate.Gate, gate.Outcome));
        }
    }

    private static KeyValuePair<string, object?>[] Tags(string subdomain, string gate, GateOutcome outcome) =>
        [new("subdomain", subdomain), new("gate", gate), new("outcome", Text(outcome))];

    private static string Text(GateOutcome outcome) => outcome switch
    {
        GateOutcome.Pass => "pass",
        GateOutcome.Fail => "fail",
        _ => "inconclusive",
    };

    private static IEnumerable<Measurement<int>> ObserveStates(IRolloutStateStore states)
    {
        foreach (var state in states.All())
        {
            yield return new Measurement<int>(1, new("subdomain", state.Subdomain), new("state", RolloutText.Status(state.Status)));
        }
    }

    private static IEnumerable<Measurement<int>> ObserveWeights(IRolloutStateStore states, RouteTableStore routes)
    {
        foreach (var state in states.All())
        {
            if (routes.Current?.Find(state.Subdomain)?.Definition is { } route)
            {
                var weight = route.Mode switch
                {
                    Configuration.RouteMode.New => 100,
                    Configuration.RouteMode.Canary => route.CanaryPercentage,
                    _ => 0,
                };
                yield return new Measurement<int>(weight, new KeyValuePair<string, object?>("subdomain", state.Subdomain));
            }
        }
    }
}
