using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Strangler.Gateway.Canary;

namespace Strangler.Gateway.Tests.Canary;

public sealed class UserKeySourceTests
{
    [Fact]
    public async Task CookieUserKey_IsSticky_AndSplitsUsers()
    {
        await using var rig = await Rig.StartAsync("canary", 50,
            edit: r => r["userKey"] = new JsonObject { ["source"] = "cookie", ["name"] = "uid" });

        var sides = new Dictionary<string, string>();
        for (var i = 0; i < 40; i++)
        {
            var first = await GetWithCookieAsync(rig.Gateway, $"user-{i}");
            Assert.Equal(first, await GetWithCookieAsync(rig.Gateway, $"user-{i}"));
            sides[$"user-{i}"] = first;
        }

        // Which user lands where is the canary hash's business; the split must follow it exactly.
        Assert.All(sides, s => Assert.Equal(CanaryBucket.IsNew(CanaryBucket.Of("customers", s.Key), 50) ? "new" : "legacy", s.Value));
        Assert.Contains("new", sides.Values);
        Assert.Contains("legacy", sides.Values);
    }

    [Fact]
    public async Task ClaimUserKey_InACustomHostWithAuthentication_FollowsTheUser()
    {
        var legacy = await Upstream.StartAsync("legacy");
        var @new = await Upstream.StartAsync("new");
        await using var _ = legacy;
        await using var __ = @new;
        var directory = RouteFiles.NewDirectory();
        var route = RouteFiles.Route("customers", legacy.Url, @new.Url, "canary", 50);
        route["userKey"] = new JsonObject { ["source"] = "claim", ["name"] = "sub" };
        RouteFiles.Write(directory, route);

        // A host of one's own: the DI and endpoint entry points, with a stand-in authentication step in front.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Strangler:Gateway:RoutesDirectory"] = directory,
            ["Strangler:Gateway:DefaultUpstream"] = legacy.Url,
        });
        builder.Services.AddStranglerGateway();
        await using var app = builder.Build();
        app.Use((context, next) =>
        {
            if (context.Request.Headers.TryGetValue("X-Test-Subject", out var subject))
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", subject.ToString())], "test"));
            }

            return next(context);
        });
        app.MapStranglerGateway();
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

        for (var i = 0; i < 30; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/customers/1");
            request.Headers.Add("X-Test-Subject", $"user-{i}");
            var body = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
            var expected = CanaryBucket.IsNew(CanaryBucket.Of("customers", $"user-{i}"), 50) ? "new" : "legacy";
            Assert.StartsWith(expected + " ", body);
        }

        await app.StopAsync();
        Directory.Delete(directory, recursive: true);
    }

    private static async Task<string> GetWithCookieAsync(GatewayHost gateway, string user)
    {
        var (_, servedBy, _) = await gateway.GetAsync("/customers/1", headers: ("Cookie", $"theme=dark; uid={user}"));
        return servedBy!.Split(';')[0];
    }
}
