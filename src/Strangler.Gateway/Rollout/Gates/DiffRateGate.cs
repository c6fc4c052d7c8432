using Strangler.Gateway.Routing;
using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Rollout.Gates;

/// <summary>
/// The sub-domain's shadow diff rate over the window under the plan's limit. Read through <see cref="IShadowDiffRates"/>
/// when the shadow feature registered one; without it shadow is off and the gate can only be inconclusive.
/// </summary>
internal sealed class DiffRateGate(IServiceProvider services) : IRolloutGate
{
    public bool AppliesTo(Plan.RolloutGates gates) => gates.MaxDiffRate is not null;

    public Task<GateResult> EvaluateAsync(GateContext context, CancellationToken cancellationToken)
    {
        var max = context.Plan.Gates.MaxDiffRate!.Value;
        var limit = $"diff <= {GateText.Percent(max)}";
        if (services.GetService(typeof(IShadowDiffRates)) is not IShadowDiffRates rates)
        {
            return Task.FromResult(new GateResult("diff", GateOutcome.Inconclusive, "diff n/a", limit, "shadow off"));
        }

        var counts = rates.Count(context.Subdomain, context.From, context.To);
        // The shadow feature is always registered; a route without a shadow block compares nothing, so it is off.
        var route = (services.GetService(typeof(RouteTableStore)) as RouteTableStore)?.Current?.Routes
            .FirstOrDefault(r => string.Equals(r.Name, context.Subdomain, StringComparison.Ordinal));
        if (counts.Compared == 0 && route is { Shadow: null })
        {
            return Task.FromResult(new GateResult("diff", GateOutcome.Inconclusive, "diff n/a", limit, "shadow off"));
        }

        var value = counts.DiffRate is { } rate ? $"diff {GateText.Percent(rate)}" : "diff n/a";
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
