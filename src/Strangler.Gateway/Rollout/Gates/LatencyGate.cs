namespace Strangler.Gateway.Rollout.Gates;

/// <summary>
/// New's p99 may be at most the plan's factor of legacy's over the same window. Both p99s are the dashboard's: the
/// upper bound of a bucket growing by half each step, so a factor below 1.5 cannot tell neighbouring buckets apart.
/// </summary>
internal sealed class LatencyGate : IRolloutGate
{
    public string Name => "p99";

    public bool AppliesTo(Plan.RolloutGates gates) => gates.P99Factor is not null;

    public Task<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
    {
        var factor = context.Plan.Gates.P99Factor!.Value;
        var value = $"p99 {GateText.Millis(context.New.P99Seconds)} vs {GateText.Millis(context.Legacy.P99Seconds)}{context.Scope}";
        var limit = $"new <= {GateText.Number(factor)} x legacy";
        if (context.Unjudged is { } why)
        {
            return Task.FromResult(new GateResult("p99", GateOutcome.Inconclusive, value, limit, why));
        }

        if (context.New.P99Seconds is not { } newP99 || context.Legacy.P99Seconds is not { } legacyP99)
        {
            return Task.FromResult(new GateResult("p99", GateOutcome.Inconclusive, value, limit, "no latency recorded"));
        }

        var pass = newP99 <= legacyP99 * factor;
        return Task.FromResult(new GateResult("p99", pass ? GateOutcome.Pass : GateOutcome.Fail, value, limit));
    }
}
