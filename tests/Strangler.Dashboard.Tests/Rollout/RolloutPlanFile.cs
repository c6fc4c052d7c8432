using System.Text.Json.Nodes;
using Strangler.Dashboard.Tests.Infrastructure;

namespace Strangler.Dashboard.Tests.Rollout;

/// <summary>Adds a rollout plan to a running gateway's customers route, as a person editing the file would.</summary>
internal static class RolloutPlanFile
{
    public const string DefaultPlan =
        """{"steps": [5, 25, 100], "bakeSeconds": 600, "intervalSeconds": 60, "gates": {"errorRateMargin": 0.01, "p99Factor": 1.5}}""";

    public static async Task AddAsync(GatewayUnderTest gateway, HttpClient signedIn, string plan = DefaultPlan)
    {
        var path = Path.Combine(gateway.RoutesDirectory, "customers.json");
        var route = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        route["rollout"] = JsonNode.Parse(plan);
        await File.WriteAllTextAsync(path + ".tmp", route.ToJsonString());
        File.Move(path + ".tmp", path, overwrite: true);
        Assert.True(await Eventually.TrueAsync(async () =>
            (await signedIn.GetStringAsync("/_strangler/ui/rollouts")).Contains("\"steps\":[5,25,100]")), "the edited route file was not reloaded");
    }
}
