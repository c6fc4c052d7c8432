using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Strangler.Dashboard.Tests.Infrastructure;

namespace Strangler.Dashboard.Tests.Api;

public sealed class SteeringApiTests(Upstreams upstreams)
{
    private static readonly object FlipToNew = new { subdomain = "customers", mode = "new", reason = "new service ready" };

    private static HttpRequestMessage Post(string path, object body, string? csrf)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (csrf is not null)
        {
            request.Headers.Add("X-CSRF-Token", csrf);
        }

        return request;
    }

    private static async Task<JsonElement> History(HttpClient client) =>
        await client.GetFromJsonAsync<JsonElement>("/_strangler/ui/history", TestContext.Current.CancellationToken);

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task Flip_WithoutTheRightCsrfToken_Is403AndChangesNothing(string? csrf)
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var (client, _) = await gateway.SignedInClientAsync();
        using var __ = client;
        var before = (await History(client)).GetArrayLength();
        var fileBefore = await File.ReadAllTextAsync(Path.Combine(gateway.RoutesDirectory, "customers.json"), TestContext.Current.CancellationToken);

        var response = await client.SendAsync(Post("/_strangler/ui/flip", FlipToNew, csrf), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("X-CSRF-Token", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(before, (await History(client)).GetArrayLength());
        Assert.Equal(fileBefore, await File.ReadAllTextAsync(Path.Combine(gateway.RoutesDirectory, "customers.json"), TestContext.Current.CancellationToken));
        await gateway.SendAsync(client, "/customers/{i}", 1, "legacy");
    }

    [Fact]
    public async Task Flip_CsrfTokenOfAnotherSession_Is403()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var (mine, _) = await gateway.SignedInClientAsync();
        var (_, theirs) = await gateway.SignedInClientAsync();
        using var __ = mine;

        var response = await mine.SendAsync(Post("/_strangler/ui/flip", FlipToNew, theirs), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Flip_WithoutASession_Is401EvenWithAToken()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var (_, csrf) = await gateway.SignedInClientAsync();
        using var stranger = gateway.Client();

        var response = await stranger.SendAsync(Post("/_strangler/ui/flip", FlipToNew, csrf), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Flip_InvalidRequest_Is400NamingEveryFieldAndChangesNothing()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var (client, csrf) = await gateway.SignedInClientAsync();
        using var _ = client;

        var response = await client.SendAsync(
            Post("/_strangler/ui/flip", new { subdomain = "customers", mode = "canary", percentage = 140, reason = " " }, csrf),
            TestContext.Current.CancellationToken);
        var unknown = await client.SendAsync(
            Post("/_strangler/ui/flip", new { subdomain = "nope", mode = "new", reason = "x" }, csrf),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("percentage:", body);
        Assert.Contains("reason:", body);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("nope", await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, (await History(client)).EnumerateArray().Count(h => h.GetProperty("actor").GetString() == "dashboard"));
    }

    // The page's endpoints used to bind their own request types and skipped the admin API's duplicate-field check:
    // "mode" twice would have served whichever came last.
    [Theory]
    [InlineData("/_strangler/ui/flip", "{\"subdomain\":\"customers\",\"mode\":\"legacy\",\"mode\":\"new\",\"reason\":\"x\"}", "mode")]
    [InlineData("/_strangler/ui/rollback", "{\"subdomain\":\"customers\",\"revision\":1,\"revision\":2,\"reason\":\"x\"}", "revision")]
    public async Task FlipOrRollback_DuplicateField_Is400NamingItAndChangesNothing(string path, string body, string field)
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var (client, csrf) = await gateway.SignedInClientAsync();
        using var _ = client;
        var before = (await History(client)).GetArrayLength();
        var fileBefore = await File.ReadAllTextAsync(Path.Combine(gateway.RoutesDirectory, "customers.json"), TestContext.Current.CancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-CSRF-Token", csrf);

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"{field}: appears more than once", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(before, (await History(client)).GetArrayLength());
        Assert.Equal(fileBefore, await File.ReadAllTextAsync(Path.Combine(gateway.RoutesDirectory, "customers.json"), TestContext.Current.CancellationToken));
        await gateway.SendAsync(client, "/customers/{i}", 1, "legacy");
    }

    [Fact]
    // The page keeps its button off for the state it shows; a request for that state (the page behind another's flip)
    // is answered as the admin API and the CLI answer it: 200, nothing recorded, and it says so.
    public async Task RollbackOrFlip_ToTheStateTheRouteHas_Is200ChangedFalse_AndRecordsNothing()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var (client, csrf) = await gateway.SignedInClientAsync();
        using var _ = client;
        var history = await History(client);
        var revision = history.EnumerateArray().Last(h => h.GetProperty("subdomain").GetString() == "customers").GetProperty("revision").GetInt64();

        var flip = await client.SendAsync(
            Post("/_strangler/ui/flip", new { subdomain = "customers", mode = "legacy", reason = "make sure" }, csrf),
            TestContext.Current.CancellationToken);
        var rollback = await client.SendAsync(
            Post("/_strangler/ui/rollback", new { subdomain = "customers", revision, reason = "make sure" }, csrf),
            TestContext.Current.CancellationToken);

        foreach (var response in new[] { flip, rollback })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            Assert.False(answer.GetProperty("changed").GetBoolean());
            Assert.Equal(("customers", "legacy", revision), (answer.GetProperty("subdomain").GetString(),
                answer.GetProperty("mode").GetString(), answer.GetProperty("revision").GetInt64()));
        }

        Assert.Equal(history.GetArrayLength(), (await History(client)).GetArrayLength());
    }

    [Fact]
    public async Task Rollback_ToAnUnknownRevision_Is404AndChangesNothing()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var (client, csrf) = await gateway.SignedInClientAsync();
        using var _ = client;
        var before = (await History(client)).GetArrayLength();

        var response = await client.SendAsync(
            Post("/_strangler/ui/rollback", new { subdomain = "customers", revision = 999, reason = "x" }, csrf),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("999", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(before, (await History(client)).GetArrayLength());
    }

    [Fact]
    public async Task FlipThenRollback_GoThroughRouteAdmin_ChangeTrafficAndLandInTheHistoryAsDashboard()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var (client, csrf) = await gateway.SignedInClientAsync();
        using var _ = client;
        await gateway.SendAsync(client, "/customers/{i}", 2, "legacy");
        var legacyRevision = (await History(client)).EnumerateArray()
            .Last(h => h.GetProperty("subdomain").GetString() == "customers").GetProperty("revision").GetInt64();

        var flip = await client.SendAsync(
            Post("/_strangler/ui/flip", new { subdomain = "customers", mode = "canary", percentage = 100, reason = "ramp" }, csrf),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, flip.StatusCode);
        await gateway.SendAsync(client, "/customers/{i}", 2, "new");
        var flipped = (await History(client)).EnumerateArray().Last();
        Assert.Equal(("dashboard", "customers", "legacy", "canary:100", "ramp"), (
            flipped.GetProperty("actor").GetString(), flipped.GetProperty("subdomain").GetString(),
            flipped.GetProperty("from").GetString(), flipped.GetProperty("to").GetString(),
            flipped.GetProperty("reason").GetString()));
        Assert.Contains("\"canary\"", await File.ReadAllTextAsync(Path.Combine(gateway.RoutesDirectory, "customers.json"), TestContext.Current.CancellationToken), StringComparison.OrdinalIgnoreCase);

        var rollback = await client.SendAsync(
            Post("/_strangler/ui/rollback", new { subdomain = "customers", revision = legacyRevision, reason = "errors up" }, csrf),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        await gateway.SendAsync(client, "/customers/{i}", 2, "legacy");
        var rolledBack = (await History(client)).EnumerateArray().Last();
        Assert.Equal(("rollback", "dashboard", "legacy", "errors up"), (
            rolledBack.GetProperty("action").GetString(), rolledBack.GetProperty("actor").GetString(),
            rolledBack.GetProperty("to").GetString(), rolledBack.GetProperty("reason").GetString()));
    }
}
