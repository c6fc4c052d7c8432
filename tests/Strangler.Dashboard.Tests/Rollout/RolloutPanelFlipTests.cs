using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Strangler.Dashboard.Tests.Infrastructure;

namespace Strangler.Dashboard.Tests.Rollout;

/// <summary>
/// Regression: after a flip from the page during a rollout, the Rollouts panel (refreshed at once) still said running
/// at the rollout's step until the gateway's next tick, while the route already served the person's mode.
/// </summary>
public sealed class RolloutPanelFlipTests(Upstreams upstreams)
{
    [Fact]
    public async Task AFlipFromThePage_PausesTheRunningRolloutBeforeItAnswers()
    {
        // No tick comes in the test's time: what the panel shows is the flip's doing.
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams,
            new Dictionary<string, string?> { ["Strangler:Gateway:Rollout:TickInterval"] = "00:10:00" });
        var (client, csrf) = await gateway.SignedInClientAsync();
        using var _ = client;
        await RolloutPlanFile.AddAsync(gateway, client);
        await RolloutStart.CustomersAsync(client, csrf, "from the page");

        using var flip = new HttpRequestMessage(HttpMethod.Post, "/_strangler/ui/flip")
        {
            Content = JsonContent.Create(new { subdomain = "customers", mode = "legacy", reason = "errors on new" }),
        };
        flip.Headers.Add("X-CSRF-Token", csrf);
        var flipped = await client.SendAsync(flip, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, flipped.StatusCode);
        var revision = (await flipped.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("revision").GetInt64();

        var panel = await client.GetFromJsonAsync<JsonElement>("/_strangler/ui/rollouts", TestContext.Current.CancellationToken);
        var item = panel.GetProperty("rollouts").EnumerateArray().Single(r => r.GetProperty("view").GetProperty("subdomain").GetString() == "customers");
        var view = item.GetProperty("view");
        Assert.Equal(("legacy", "paused"), (view.GetProperty("mode").GetString(), view.GetProperty("state").GetProperty("status").GetString()));
        Assert.Equal($"paused: legacy set by hand (dashboard, revision {revision}: errors on new), the rollout had set canary:5",
            view.GetProperty("state").GetProperty("message").GetString());
        // No countdown to an evaluation that will not come.
        Assert.False(item.TryGetProperty("nextEvaluationInSeconds", out var next) && next.ValueKind != JsonValueKind.Null);
    }
}
