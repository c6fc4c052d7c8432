using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Strangler.Dashboard.Tests.Infrastructure;

namespace Strangler.Dashboard.Tests.Rollout;

public sealed class RolloutPanelApiTests(Upstreams upstreams)
{
    [Fact]
    public async Task TheButtons_StartAndPauseARollout_AsTheDashboardActor_AndNeedTheCsrfToken()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var (client, csrf) = await gateway.SignedInClientAsync();
        using var _ = client;
        await RolloutPlanFile.AddAsync(gateway, client);

        using var forged = new HttpRequestMessage(HttpMethod.Post, "/_strangler/ui/rollout/customers/start") { Content = JsonContent.Create(new { reason = "x" }) };
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(forged, TestContext.Current.CancellationToken)).StatusCode);

        using var start = new HttpRequestMessage(HttpMethod.Post, "/_strangler/ui/rollout/customers/start") { Content = JsonContent.Create(new { reason = "from the page" }) };
        start.Headers.Add("X-CSRF-Token", csrf);
        var started = await client.SendAsync(start, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);

        var panel = await client.GetFromJsonAsync<JsonElement>("/_strangler/ui/rollouts", TestContext.Current.CancellationToken);
        var item = panel.GetProperty("rollouts").EnumerateArray().Single(r => r.GetProperty("view").GetProperty("subdomain").GetString() == "customers");
        Assert.Equal("running", item.GetProperty("view").GetProperty("state").GetProperty("status").GetString());
        Assert.Equal("canary:5", item.GetProperty("view").GetProperty("mode").GetString());
        Assert.InRange(item.GetProperty("nextEvaluationInSeconds").GetDouble(), 1, 60);

        var history = await client.GetFromJsonAsync<JsonElement>("/_strangler/ui/history", TestContext.Current.CancellationToken);
        var last = history.EnumerateArray().Last();
        Assert.Equal(("dashboard", "rollout: start legacy -> 5% (by dashboard: from the page)"),
            (last.GetProperty("actor").GetString(), last.GetProperty("reason").GetString()));
    }

    // Regression: a start with an empty or blank reason was taken, and the history's flips said nothing of why.
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Start_WithABlankReason_IsRefusedNamingTheField_AndChangesNothing(string reason)
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var (client, csrf) = await gateway.SignedInClientAsync();
        using var _ = client;
        await RolloutPlanFile.AddAsync(gateway, client);
        var before = (await client.GetFromJsonAsync<JsonElement>("/_strangler/ui/history", TestContext.Current.CancellationToken)).GetArrayLength();

        using var start = new HttpRequestMessage(HttpMethod.Post, "/_strangler/ui/rollout/customers/start") { Content = JsonContent.Create(new { reason }) };
        start.Headers.Add("X-CSRF-Token", csrf);
        var refused = await client.SendAsync(start, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.StartsWith("reason: is required to start a rollout", problem.GetProperty("errors")[0].GetString());
        var history = await client.GetFromJsonAsync<JsonElement>("/_strangler/ui/history", TestContext.Current.CancellationToken);
        Assert.Equal(before, history.GetArrayLength());
        var panel = await client.GetFromJsonAsync<JsonElement>("/_strangler/ui/rollouts", TestContext.Current.CancellationToken);
        var view = panel.GetProperty("rollouts")[0].GetProperty("view");
        Assert.Equal(("legacy", false), (view.GetProperty("mode").GetString(), view.TryGetProperty("state", out var state) && state.ValueKind != JsonValueKind.Null));
    }

    [Fact]
    public async Task WithoutASession_ThePanelIsRefused()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        using var client = gateway.Client();

        var response = await client.GetAsync("/_strangler/ui/rollouts", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
