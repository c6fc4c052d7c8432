using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Strangler.Gateway.Tests.Routing;

/// <summary>
/// What a client sends must not pick a route it is not given, nor carry the admin token to an upstream. Each bug here
/// was found sending the request to a running gateway in front of upstreams that echo what they receive.
/// </summary>
public sealed class ClientPathAndHeaderTests
{
    [Theory]
    [InlineData("//_strangler/api/routes")]
    [InlineData("///_STRANGLER/api/flip")]
    [InlineData("//_strangler")]
    public async Task Bug_DoubledSlash_SentTheGatewayNamespaceAndTheAdminTokenToTheMonolith(string path)
    {
        // A script with a trailing slash in its base URL ("$GW/" + "/_strangler/api/routes") sent this: endpoint
        // routing does not merge slashes, the proxy does, found no route and forwarded it with its bearer token.
        await using var rig = await Rig.StartAsync("new");

        using var request = new HttpRequestMessage(HttpMethod.Get, Raw(rig, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewayHost.AdminToken);
        var response = await rig.Gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, rig.Legacy.RequestCount);
        Assert.Equal(0, rig.New.RequestCount);
    }

    [Theory]
    [InlineData("POST", "//ops/session")]
    [InlineData("GET", "/ops/ui/nothing-here")]
    [InlineData("GET", "/OPS/ui/overview/x")]
    [InlineData("GET", "//ops")]
    public async Task Bug_MovedDashboard_SentItsSessionCookieAndTheAdminTokenToTheMonolith(string method, string path)
    {
        // With the dashboard under /ops, a path under it that the dashboard does not serve went to the proxy, which
        // forwarded it with what the browser sends there: the session cookie, or a sign-in's admin token.
        await using var rig = await Rig.StartAsync("legacy", settings: new Dictionary<string, string?>
        {
            ["Strangler:Dashboard:PathBase"] = "/ops",
        });

        using var request = new HttpRequestMessage(new HttpMethod(method), Raw(rig, path))
        {
            Content = method == "POST" ? JsonContent.Create(new { token = GatewayHost.AdminToken }) : null,
        };
        request.Headers.Add("Cookie", "strangler_session=a-live-session");
        var response = await rig.Gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, rig.Legacy.RequestCount);
        Assert.Equal(0, rig.New.RequestCount);
    }

    [Fact]
    public async Task MovedDashboard_APathThatOnlyBeginsLikeIt_IsStillForwarded()
    {
        await using var rig = await Rig.StartAsync("legacy", settings: new Dictionary<string, string?>
        {
            ["Strangler:Dashboard:PathBase"] = "/ops",
        });

        var response = await rig.Gateway.Client.GetAsync(Raw(rig, "/opsreport/1"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/opsreport/1", Assert.Single(rig.Legacy.Requests).Path);
    }

    [Theory]
    [InlineData("/x%5C..%5Ccustomers/1", "backslash")]
    [InlineData("/x\\..\\customers/1", "backslash")]
    [InlineData("/x/..;/customers/1", "'..;'")]
    [InlineData("/x/%2e%2e;jsessionid=1/customers/1", "'..;jsessionid=1'")]
    [InlineData("/customers/.;/1", "'.;'")]
    public async Task Bug_PathAnUpstreamReadsAsAnother_ReachedLegacyForASubdomainOnNew(string path, string named)
    {
        // customers is on new; /x/... is unclaimed, so it went to the monolith, which (IIS for '\', Tomcat for '..;')
        // served it as /customers/1: the legacy side of a sub-domain that had been cut over.
        await using var rig = await Rig.StartAsync("new");

        var response = await rig.Gateway.Client.GetAsync(Raw(rig, path), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(0, rig.Legacy.RequestCount);
        Assert.Equal(0, rig.New.RequestCount);
    }

    [Theory]
    [InlineData("/customers;x/1")]
    [InlineData("/customers;jsessionid=0123/1")]
    [InlineData("/customers/1;v=2")]
    public async Task Bug_SemicolonParameter_LeftTheSubdomainUnclaimed_AndTheMonolithServedItsLegacySide(string path)
    {
        // customers is on new; matched as sent, "customers;x" was not "customers", so the path went unclaimed to the
        // monolith, which (Tomcat and other Java servers leave ';' parameters out) served it as /customers/1.
        await using var rig = await Rig.StartAsync("new");

        var response = await rig.Gateway.Client.GetAsync(Raw(rig, path), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, rig.Legacy.RequestCount);
        Assert.Equal(path, Assert.Single(rig.New.Requests).Path);
    }

    [Fact]
    public async Task SemicolonParameter_OnTheGatewaysNamespace_IsNotForwarded()
    {
        await using var rig = await Rig.StartAsync("new");

        using var request = new HttpRequestMessage(HttpMethod.Get, Raw(rig, "/_strangler;x/api/routes"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewayHost.AdminToken);
        var response = await rig.Gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, rig.Legacy.RequestCount + rig.New.RequestCount);
    }

    [Fact]
    public async Task AmbiguousPaths_AreForwarded_WhenOpsTurnTheCheckOff()
    {
        await using var rig = await Rig.StartAsync("new", settings: new Dictionary<string, string?>
        {
            ["Strangler:Gateway:RejectAmbiguousPaths"] = "false",
        });

        var response = await rig.Gateway.Client.GetAsync(Raw(rig, "/x/..;/customers/1"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/x/..;/customers/1", Assert.Single(rig.Legacy.Requests).Path);
    }

    [Theory]
    [InlineData("new", "/customers/1")]
    [InlineData("legacy", "/customers/1")]
    [InlineData("new", "/orders/1")]
    public async Task Bug_PathOverrideAndClientAddressHeaders_ReachedTheUpstream(string mode, string path)
    {
        // X-Original-URL made an IIS or Symfony monolith serve /orders/1 for a request the gateway routed as
        // /customers/1; Forwarded and X-Real-IP passed a client's own claims next to the gateway's X-Forwarded-*.
        await using var rig = await Rig.StartAsync(mode);

        await rig.Gateway.GetAsync(path, headers: Spoofed);

        var seen = rig.Legacy.Requests.Concat(rig.New.Requests).Single();
        foreach (var (name, _) in Spoofed)
        {
            Assert.False(seen.Headers.ContainsKey(name.ToLowerInvariant()), name);
        }

        Assert.Equal("127.0.0.1", seen.Headers["x-forwarded-for"]);
    }

    [Fact]
    public async Task StrippedHeaders_AreConfigurable()
    {
        await using var rig = await Rig.StartAsync("legacy", settings: new Dictionary<string, string?>
        {
            ["Strangler:Gateway:StripRequestHeaders"] = "X-Original-URL",
        });

        await rig.Gateway.GetAsync("/customers/1", headers: Spoofed);

        var seen = Assert.Single(rig.Legacy.Requests);
        Assert.False(seen.Headers.ContainsKey("x-original-url"));
        Assert.Equal("for=192.0.2.1", seen.Headers["forwarded"]);
    }

    private static readonly (string Name, string Value)[] Spoofed =
    [
        ("X-Original-URL", "/orders/1"),
        ("X-Rewrite-URL", "/orders/1"),
        ("Forwarded", "for=192.0.2.1"),
        ("X-Real-IP", "192.0.2.1"),
        ("X-Forwarded-Prefix", "/admin"),
        ("X-Forwarded-Ssl", "on"),
        ("X-Url-Scheme", "https"),
        ("True-Client-IP", "192.0.2.1"),
        ("X-Client-IP", "192.0.2.1"),
    ];

    // Sent as written: no canonicalization by Uri (backslashes, dot segments).
    private static Uri Raw(Rig rig, string path) =>
        new(rig.Gateway.Url + path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
}
