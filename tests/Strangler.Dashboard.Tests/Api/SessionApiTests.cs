using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Strangler.Dashboard.Tests.Infrastructure;

namespace Strangler.Dashboard.Tests.Api;

public sealed class SessionApiTests(Upstreams upstreams)
{
    [Fact]
    public async Task SignIn_WithTheAdminToken_SetsAnHttpOnlyStrictCookieAndReturnsACsrfToken()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        using var client = gateway.Client();

        var response = await client.PostAsJsonAsync("/_strangler/session", new { token = GatewayUnderTest.AdminToken },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("strangler_session=", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/_strangler", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(GatewayUnderTest.AdminToken, cookie);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var csrf = body.GetProperty("csrfToken").GetString();
        Assert.False(string.IsNullOrEmpty(csrf));

        var again = await client.GetFromJsonAsync<JsonElement>("/_strangler/session", TestContext.Current.CancellationToken);
        Assert.Equal(csrf, again.GetProperty("csrfToken").GetString());
    }

    [Fact]
    public async Task SignIn_WithAWrongOrMissingToken_IsRefusedWithoutACookie()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        using var client = gateway.Client();

        var wrong = await client.PostAsJsonAsync("/_strangler/session", new { token = "guess" }, TestContext.Current.CancellationToken);
        var missing = await client.PostAsJsonAsync("/_strangler/session", new { }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.False(wrong.Headers.Contains("Set-Cookie"));
        Assert.Contains("token", await missing.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await client.GetAsync("/_strangler/ui/overview", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task SignIn_WhenNoAdminTokenIsConfigured_SaysTheDashboardIsOff()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, adminToken: null);
        using var client = gateway.Client();

        var response = await client.PostAsJsonAsync("/_strangler/session", new { token = "" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Strangler:Gateway:AdminToken", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("/_strangler/ui/overview")]
    [InlineData("/_strangler/ui/series")]
    [InlineData("/_strangler/ui/history")]
    [InlineData("/_strangler/ui/inventory")]
    [InlineData("/_strangler/session")]
    public async Task DataEndpoints_WithoutASession_Answer401(string path)
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        using var client = gateway.Client();

        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("sign in", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SignOut_EndsTheSessionServerSide()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        var (client, csrf) = await gateway.SignedInClientAsync();
        using var _ = client;

        using var request = new HttpRequestMessage(HttpMethod.Delete, "/_strangler/session");
        request.Headers.Add("X-CSRF-Token", csrf);
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await client.GetAsync("/_strangler/ui/overview", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Page_IsServedFromTheGatewayWithAStrictContentSecurityPolicy()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        using var client = gateway.Client();

        var page = await client.GetAsync("/_strangler/", TestContext.Current.CancellationToken);
        var script = await client.GetAsync("/_strangler/assets/app.js", TestContext.Current.CancellationToken);
        var unknown = await client.GetAsync("/_strangler/assets/secrets.json", TestContext.Current.CancellationToken);
        var bare = await client.GetAsync("/_strangler", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("migration dashboard", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("/_strangler/", bare.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task PathBase_IsConfigurable()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams,
            new Dictionary<string, string?> { ["Strangler:Dashboard:PathBase"] = "/ops/dashboard" });
        using var client = gateway.Client();

        var signIn = await client.PostAsJsonAsync("/ops/dashboard/session", new { token = GatewayUnderTest.AdminToken },
            TestContext.Current.CancellationToken);
        var overview = await client.GetAsync("/ops/dashboard/ui/overview", TestContext.Current.CancellationToken);
        var page = await client.GetAsync("/ops/dashboard/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("path=/ops/dashboard", signIn.Headers.GetValues("Set-Cookie").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Hosts_ServeTheDashboardOnItsOwnHostOnly()
    {
        // On the proxied apps' host, a script of theirs could read a signed-in operator's CSRF token and flip routes.
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams,
            new Dictionary<string, string?> { ["Strangler:Dashboard:Hosts:0"] = "ops.localhost" });
        using var client = gateway.Client();

        async Task<HttpStatusCode> SignInAsync(string? host)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/_strangler/session")
            {
                Content = JsonContent.Create(new { token = GatewayUnderTest.AdminToken }),
            };
            request.Headers.Host = host;
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            return response.StatusCode;
        }

        async Task<HttpStatusCode> PageAsync(string? host)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/_strangler/");
            request.Headers.Host = host;
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.NotFound, await SignInAsync(host: null));
        Assert.Equal(HttpStatusCode.NotFound, await PageAsync(host: null));
        Assert.Equal(HttpStatusCode.OK, await SignInAsync("ops.localhost"));
        Assert.Equal(HttpStatusCode.OK, await PageAsync("ops.localhost"));
    }
}
