using Strangler.Gateway.Breakers;

namespace Strangler.Gateway.Rollout.Gates;

/// <summary>
/// New's error rate may exceed legacy's, over the same window, by at most the plan's margin. An open breaker on the
/// new side fails the gate outright: it keeps traffic (and so evidence) off the new side, and it opened on failures.
/// </summary>
internal sealed class ErrorRateGate(BreakerRegistry breakers) : IRolloutGate
{
    /// <summary>The failure's detail when the breaker was open (the dashboard tells when it has closed since).</summary>
    internal const string BreakerOpen = "the new side's circuit breaker is open";

    public string Name => "errors";

    public bool AppliesTo(Plan.RolloutGates gates) => gates.ErrorRateMargin is not null;

    public Task<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
    {
        var margin = context.Plan.Gates.ErrorRateMargin!.Value;
        var value = $"errors {GateText.Percent(context.New.ErrorRate)} vs {GateText.Percent(context.Legacy.ErrorRate)}{context.Scope}";
        var limit = $"new <= legacy + {GateText.Percent(margin)}";
        if (breakers.IsOpen(context.Subdomain))
        {
            return Task.FromResult(new GateResult("errors", GateOutcome.Fail, value, limit, BreakerOpen));
        }

        if (context.Unjudged is { } why)
        {
            return Task.FromResult(new GateResult("errors", GateOutcome.Inconclusive, value, limit, why));
        }

        var pass = context.New.ErrorRate <= context.Legacy.ErrorRate + margin;
        return Task.FromResult(new GateResult("errors", pass ? GateOutcome.Pass : GateOutcome.Fail, value, limit));
    }
}
