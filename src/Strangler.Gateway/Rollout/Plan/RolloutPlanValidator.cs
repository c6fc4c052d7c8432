using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Rollout.Plan;

/// <summary>Checks a rollout plan's meaning (ranges, order, at least one gate), reporting every problem at once.</summary>
internal static class RolloutPlanValidator
{
    /// <summary>The traffic history keeps 10-second slots for an hour: a longer bake could not be judged as one window.</summary>
    public const int MaxBakeSeconds = 3600;

    public static void Validate(string file, RolloutPlan plan, List<RouteValidationError> errors)
    {
        const string f = RolloutPlanReader.Field;
        for (var i = 0; i < plan.Steps.Count; i++)
        {
            if (plan.Steps[i] is < 1 or > 100)
            {
                errors.Add(new(file, $"{f}.steps[{i}]", $"{plan.Steps[i]} is out of range 1..100"));
            }
            else if (i > 0 && plan.Steps[i] <= plan.Steps[i - 1])
            {
                errors.Add(new(file, $"{f}.steps[{i}]", $"{plan.Steps[i]} must be greater than the step before it ({plan.Steps[i - 1]})"));
            }
        }

        if (plan.Steps.Count > 0 && plan.Steps[^1] != 100)
        {
            errors.Add(new(file, $"{f}.steps", $"must end with 100 (the flip to new that completes the rollout), ends with {plan.Steps[^1]}"));
        }

        if (plan.BakeSeconds is < 1 or > MaxBakeSeconds)
        {
            errors.Add(new(file, $"{f}.bakeSeconds", $"{plan.BakeSeconds} is out of range 1..{MaxBakeSeconds}"));
        }

        if (plan.IntervalSeconds < 1 || plan.IntervalSeconds > plan.BakeSeconds)
        {
            errors.Add(new(file, $"{f}.intervalSeconds", $"{plan.IntervalSeconds} must be from 1 to bakeSeconds ({plan.BakeSeconds})"));
        }

        if (plan.MinRequests < 1)
        {
            errors.Add(new(file, $"{f}.minRequests", $"must be at least 1, found {plan.MinRequests}: no traffic is never evidence"));
        }

        if (plan.RollbackAfter < 1)
        {
            errors.Add(new(file, $"{f}.rollbackAfter", $"must be at least 1, found {plan.RollbackAfter}"));
        }

        ValidateGates(file, plan.Gates, errors);
    }

    private static void ValidateGates(string file, RolloutGates gates, List<RouteValidationError> errors)
    {
        const string g = RolloutPlanReader.Field + ".gates";
        if (gates.IsEmpty)
        {
            errors.Add(new(file, g, "must set at least one gate: errorRateMargin, p99Factor, maxDiffRate, maxSyncLagSeconds, maxDrift or httpCheck"));
        }

        if (gates.ErrorRateMargin is { } margin && (margin is < 0 or > 1 || double.IsNaN(margin)))
        {
            errors.Add(new(file, $"{g}.errorRateMargin", $"{margin} is out of range 0..1 (a fraction: 0.01 is one percentage point)"));
        }

        if (gates.P99Factor is { } factor && (factor < 1 || factor > 100 || double.IsNaN(factor)))
        {
            errors.Add(new(file, $"{g}.p99Factor", $"{factor} is out of range 1..100"));
        }

        if (gates.MaxDiffRate is { } diff && (diff is < 0 or > 1 || double.IsNaN(diff)))
        {
            errors.Add(new(file, $"{g}.maxDiffRate", $"{diff} is out of range 0..1"));
        }

        if (gates.MaxSyncLagSeconds is { } lag && (lag <= 0 || double.IsNaN(lag) || double.IsInfinity(lag)))
        {
            errors.Add(new(file, $"{g}.maxSyncLagSeconds", $"must be a positive number of seconds, found {lag}"));
        }

        if (gates.MaxDrift is { } drift && (drift is < 0 or > 1 || double.IsNaN(drift)))
        {
            errors.Add(new(file, $"{g}.maxDrift", $"{drift} is out of range 0..1 (a fraction: 0.01 is 1 % of the sampled keys)"));
        }

        if (gates.HttpCheck is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            errors.Add(new(file, $"{g}.httpCheck", $"'{url}' is not an absolute http(s) URL"));
        }
    }
}
