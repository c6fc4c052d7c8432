namespace Strangler.Gateway.Rollout.Gates;

/// <summary>New's error rate may exceed legacy's, over the same window, by at most the plan's margin.</summary>
internal sealed class ErrorRateGate : IRolloutGate
{
    public bool AppliesTo(Plan.RolloutGates gates) => gates.ErrorRateMargin is not null;

    public Task<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
    {
        var margin = context.Plan.Gates.ErrorRateMargin!.Value;
        var value = $"errors {GateText.Percent(context.New.ErrorRate)} vs {GateText.Percent(context.Legacy.ErrorRate)}";
        var limit = $"new <= legacy + {GateText.Percent(margin)}";
        if (context.TooLittleTraffic is { } why)
        {
            return Task.FromResult(new GateResult("errors", GateOutcome.Inconclusive, value, limit, why));
        }

        var pass = context.New.ErrorRate <= context.Legacy.ErrorRate + margin;
        return Task.FromResult(new GateResult("errors", pass ? GateOutcome.Pass : GateOutcome.Fail, value, limit));
    }
}
