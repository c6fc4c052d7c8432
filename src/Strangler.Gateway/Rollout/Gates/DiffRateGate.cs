using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Rollout.Gates;

/// <summary>
/// The sub-domain's shadow diff rate over the window under the plan's limit, read through <see cref="IShadowDiffRates"/>.
/// With nothing compared and shadow off (<see cref="ShadowActivity"/>) the gate can only be inconclusive.
/// </summary>
internal sealed class DiffRateGate(IServiceProvider services) : IRolloutGate
{
    public string Name => "diff";

    public bool AppliesTo(Plan.RolloutGates gates) => gates.MaxDiffRate is not null;

    public Task<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
    {
        var max = context.Plan.Gates.MaxDiffRate!.Value;
        var limit = $"diff <= {GateText.Percent(max)}";
        // Evidence compared in the window counts even if shadow was turned off since; with none and shadow off now,
        // there is nothing to wait for.
        var own = services.GetService(typeof(IShadowDiffRates)) is IShadowDiffRates rates
            ? rates.Count(context.Subdomain, context.From, context.To)
            : new ShadowDiffCounts(0, 0);
        var counts = new ShadowDiffCounts(own.Compared + context.OthersDiff.Compared, own.Differing + context.OthersDiff.Differing);
        if (counts.Compared == 0 && !ShadowActivity.IsOn(services, context.Subdomain))
        {
            return Task.FromResult(new GateResult("diff", GateOutcome.Inconclusive, "diff n/a", limit, "shadow off"));
        }

        var value = (counts.DiffRate is { } rate ? $"diff {GateText.Percent(rate)}" : "diff n/a") + context.Scope;
        if (context.FleetError is { } error)
        {
            return Task.FromResult(new GateResult("diff", GateOutcome.Inconclusive, value, limit, error));
        }

        if (counts.Compared < context.Plan.MinRequests)
        {
            return Task.FromResult(new GateResult("diff", GateOutcome.Inconclusive, value, limit,
                $"too little shadow traffic: {counts.Compared} compared, {context.Plan.MinRequests} needed"));
        }

        var pass = counts.DiffRate <= max;
        return Task.FromResult(new GateResult("diff", pass ? GateOutcome.Pass : GateOutcome.Fail, value, limit,
            pass ? null : $"{counts.Differing} of {counts.Compared} shadow answers differed"));
    }
}
