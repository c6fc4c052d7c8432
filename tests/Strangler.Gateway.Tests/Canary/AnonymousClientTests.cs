using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Canary;

namespace Strangler.Gateway.Tests.Canary;

/// <summary>
/// Regression: a canary request without the route's user key used to be decided afresh each time, so an anonymous
/// browser bounced between legacy and new. The gateway now gives such a client an id in its own cookie.
/// </summary>
public sealed class AnonymousClientTests
{
    private const int Clients = 16;

    [Fact]
    public async Task AnonymousClient_WithACookieJar_StaysOnOneSide_ChosenByItsIssuedId()
    {
        await using var rig = await Rig.StartAsync("canary", 50, services: s => s.AddSingleton<ICanaryRandom>(new CountingRandom()));

        var sides = new List<string>();
        for (var c = 0; c < Clients; c++)
        {
            var (client, jar) = Browser(rig.Gateway);
            using var _ = client;
            var seen = new HashSet<string>();
            for (var i = 0; i < 12; i++)
            {
                seen.Add(await SideAsync(client, "/customers/1"));
            }

            var id = jar.GetCookies(client.BaseAddress!)["strangler-client"]!.Value;
            Assert.Equal(CanaryBucket.IsNew(CanaryBucket.Of("customers", id), 50) ? "new" : "legacy", Assert.Single(seen));
            sides.Add(seen.Single());
        }

        // Ids come from the injected randomness, one per client; the clients must not all have landed on one side.
        Assert.Contains("new", sides);
        Assert.Contains("legacy", sides);
    }

    [Fact]
    public async Task AnonymousClient_OnSubdomainsSharingACohort_IsOnTheSameSideInBoth()
    {
        await using var rig = await Rig.StartAsync("canary", 50, services: s => s.AddSingleton<ICanaryRandom>(new CountingRandom()),
            edit: r => r["cohort"] = "shop");
        var orders = RouteFiles.Route("orders", rig.Legacy.Url, rig.New.Url, "canary", 50);
        orders["cohort"] = "shop";
        RouteFiles.Write(rig.RoutesDirectory, orders);
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(
            rig.Gateway.Service<RouteAdmin>().GetRoutes().Routes.Any(r => r.Route.Name == "orders"))));

        var sides = new List<string>();
        for (var c = 0; c < Clients; c++)
        {
            var (client, _) = Browser(rig.Gateway);
            using var __ = client;
            var first = await SideAsync(client, c % 2 == 0 ? "/customers/1" : "/orders/1");
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(first, await SideAsync(client, "/orders/1"));
                Assert.Equal(first, await SideAsync(client, "/customers/1"));
            }

            sides.Add(first);
        }

        Assert.Contains("new", sides);
        Assert.Contains("legacy", sides);
    }

    [Fact]
    public async Task ClientCookie_IsSetOnlyOnCanaryRequestsThatLackBothTheUserKeyAndTheCookie()
    {
        await using var rig = await Rig.StartAsync("canary", 50);
        RouteFiles.Write(rig.RoutesDirectory, RouteFiles.Route("orders", rig.Legacy.Url, rig.New.Url, "new"));
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(
            rig.Gateway.Service<RouteAdmin>().GetRoutes().Routes.Any(r => r.Route.Name == "orders"))));
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = rig.Gateway.Client.BaseAddress };

        var issued = Assert.Single(await SetCookiesAsync(client, "/customers/1"));
        Assert.Matches("^strangler-client=[0-9a-f]{32}; max-age=31536000; path=/; samesite=lax; httponly$", issued);

        Assert.Empty(await SetCookiesAsync(client, "/customers/1", ("Cookie", issued.Split(';')[0])));
        Assert.Empty(await SetCookiesAsync(client, "/customers/1", ("X-User-Id", "ada")));
        Assert.Empty(await SetCookiesAsync(client, "/orders/1"));
        Assert.Empty(await SetCookiesAsync(client, "/unclaimed/1"));
        Assert.Empty(await SetCookiesAsync(client, "/healthz"));
    }

    [Fact]
    public async Task ClientCookie_SurvivesAFallbackToLegacy_AndKeepsTheUpstreamsOwnCookies()
    {
        var random = new FixedRandom(NewSideId());
        await using var rig = await Rig.StartAsync("canary", 50, services: s => s.AddSingleton<ICanaryRandom>(random));
        rig.New.Handler = context =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        };
        rig.Legacy.Handler = context =>
        {
            context.Response.Headers.SetCookie = "legacy-session=abc; path=/";
            return Task.CompletedTask;
        };
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = rig.Gateway.Client.BaseAddress };

        var cookies = await SetCookiesAsync(client, "/customers/1");

        Assert.Equal(1, rig.New.RequestCount);
        Assert.Contains("legacy-session=abc; path=/", cookies);
        Assert.Contains(cookies, c => c.StartsWith($"strangler-client={random.Id};", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClientCookie_HonoursTheConfiguredName_AndAClientSentIdDecides()
    {
        await using var rig = await Rig.StartAsync("canary", 50,
            settings: new Dictionary<string, string?> { ["Strangler:Gateway:ClientCookieName"] = "gw-id" },
            edit: r => r["userKey"] = new JsonObject { ["source"] = "claim", ["name"] = "sub" });
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = rig.Gateway.Client.BaseAddress };

        Assert.StartsWith("gw-id=", Assert.Single(await SetCookiesAsync(client, "/customers/1")));
        for (var i = 0; i < 20; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/customers/1");
            request.Headers.Add("Cookie", $"gw-id=client-{i}");
            var response = await client.SendAsync(request);
            var expected = CanaryBucket.IsNew(CanaryBucket.Of("customers", $"client-{i}"), 50) ? "new" : "legacy";
            Assert.StartsWith(expected + " ", await response.Content.ReadAsStringAsync());
        }
    }

    private static string NewSideId() =>
        Enumerable.Range(0, 100).Select(i => $"id-{i}").First(id => CanaryBucket.IsNew(CanaryBucket.Of("customers", id), 50));

    private static (HttpClient Client, CookieContainer Jar) Browser(GatewayHost gateway)
    {
        var jar = new CookieContainer();
        return (new HttpClient(new HttpClientHandler { CookieContainer = jar }) { BaseAddress = gateway.Client.BaseAddress }, jar);
    }

    private static async Task<string> SideAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync()).Split(' ')[0];
    }

    private static async Task<string[]> SetCookiesAsync(HttpClient client, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        var response = await client.SendAsync(request);
        return response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToArray() : [];
    }

    private sealed class CountingRandom : ICanaryRandom
    {
        private int _next;

        public int NextBucket() => new CanaryRandom().NextBucket();

        public string NewClientId() => $"client-{Interlocked.Increment(ref _next)}";
    }

    private sealed class FixedRandom(string id) : ICanaryRandom
    {
        public string Id => id;

        public int NextBucket() => new CanaryRandom().NextBucket();

        public string NewClientId() => id;
    }
}
