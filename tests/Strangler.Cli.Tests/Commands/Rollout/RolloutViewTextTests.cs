using System.Text.Json;
using Strangler.Cli.Commands.Rollout;

namespace Strangler.Cli.Tests.Commands.Rollout;

public sealed class RolloutViewTextTests
{
    [Fact]
    public void Describe_WritesTimesToTheSecondInUtc_AsRoutesHistoryDoes()
    {
        using var view = JsonDocument.Parse("""
            {"subdomain": "customers", "mode": "canary:10", "plan": {"steps": [10, 50, 100]},
             "state": {"status": "running", "step": 0, "nextEvaluationAt": "2026-12-01T08:45:43.3982846+01:00",
                       "message": "rollout: start legacy -> 10% (by root: go)",
                       "evaluations": [{"at": "2026-12-01T07:45:33.416271+00:00", "mode": "canary:10", "outcome": "pass",
                                        "action": "bake", "gates": []}]},
             "warnings": []}
            """);

        var text = RolloutViewText.Describe(view.RootElement, now: DateTimeOffset.Parse("2026-12-01T07:45:40Z"));

        Assert.Equal(
            "customers: serving canary:10, rollout running at step 1 of 3 (10 -> 50 -> 100 %), next evaluation 2026-12-01 07:45:43 UTC"
            + Environment.NewLine + "  rollout: start legacy -> 10% (by root: go)"
            + Environment.NewLine + "  2026-12-01 07:45:33 UTC canary:10: pass -> bake",
            text);
    }

    [Fact]
    public void Describe_ANextEvaluationWhoseTimeHasPassed_SaysItIsDue()
    {
        using var view = JsonDocument.Parse("""
            {"subdomain": "customers", "mode": "canary:10", "plan": {"steps": [10, 100]},
             "state": {"status": "running", "step": 0, "nextEvaluationAt": "2026-12-01T07:45:43Z", "message": "baking",
                       "evaluations": []},
             "warnings": []}
            """);

        var text = RolloutViewText.Describe(view.RootElement, now: DateTimeOffset.Parse("2026-12-01T07:45:45Z"));

        Assert.StartsWith("customers: serving canary:10, rollout running at step 1 of 2 (10 -> 100 %), next evaluation "
            + "2026-12-01 07:45:43 UTC (due: at the gateway's next tick)" + Environment.NewLine, text);
    }
}
