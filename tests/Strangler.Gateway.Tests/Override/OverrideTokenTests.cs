using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Strangler.Gateway.Tests.Override;

public sealed class OverrideTokenTests
{
    [Fact]
    public async Task ValidToken_SendsTesterToNewSide_OfALegacySubdomain()
    {
        await using var rig = await Rig.StartAsync("legacy");
        var token = await IssueAsync(rig, "customers");

        var (withToken, servedBy, _) = await rig.Gateway.GetAsync("/customers/1", headers: ("X-Strangler-Override", token));
        var (without, _, _) = await rig.Gateway.GetAsync("/customers/1");

        Assert.StartsWith("new ", withToken);
        Assert.Equal("new; rev=1", servedBy);
        Assert.StartsWith("legacy ", without);
        Assert.False(Assert.Single(rig.New.Requests).Headers.ContainsKey("x-strangler-override"));
    }

    [Fact]
    public async Task TamperedToken_GetsTheNormalRoute()
    {
        await using var rig = await Rig.StartAsync("legacy");
        var token = await IssueAsync(rig, "customers");
        var parts = token.Split('.');
        var longerExpiry = $"{parts[0]}.{parts[1]}.{long.Parse(parts[2]) + 1000}.{parts[3]}";
        var flippedSignature = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        foreach (var forged in new[] { longerExpiry, flippedSignature, parts[0] + "." + parts[1] + "." + parts[2], "garbage" })
        {
            var (body, _, _) = await rig.Gateway.GetAsync("/customers/1", headers: ("X-Strangler-Override", forged));
            Assert.StartsWith("legacy ", body);
        }

        Assert.Equal(0, rig.New.RequestCount);
    }

    [Fact]
    public async Task TokenForAnotherSubdomain_GetsTheNormalRoute()
    {
        await using var rig = await Rig.StartAsync("legacy");
        RouteFiles.Write(rig.RoutesDirectory, RouteFiles.Route("orders", rig.Legacy.Url, rig.New.Url));
        Assert.True(await Eventually.TrueAsync(async () => (await rig.Gateway.AdminAsync(HttpMethod.Post, "/override",
            new { subdomain = "orders" })).Response.IsSuccessStatusCode));
        var ordersToken = await IssueAsync(rig, "orders");

        var (body, _, _) = await rig.Gateway.GetAsync("/customers/1", headers: ("X-Strangler-Override", ordersToken));

        Assert.StartsWith("legacy ", body);
    }

    [Fact]
    public async Task ExpiredToken_GetsTheNormalRoute()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var rig = await Rig.StartAsync("legacy", services: s => s.AddSingleton<TimeProvider>(clock));
        var token = await IssueAsync(rig, "customers", ttlSeconds: 60);
        Assert.StartsWith("new ", (await rig.Gateway.GetAsync("/customers/1", headers: ("X-Strangler-Override", token))).Body);

        clock.Advance(TimeSpan.FromSeconds(61));

        Assert.StartsWith("legacy ", (await rig.Gateway.GetAsync("/customers/1", headers: ("X-Strangler-Override", token))).Body);
    }

    [Fact]
    public async Task IssuingAToken_NeedsTheAdminTokenAndAKnownSubdomain()
    {
        await using var rig = await Rig.StartAsync("legacy");

        var (unauthorized, _) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/override", new { subdomain = "customers" }, token: null);
        var (unknown, problem) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/override", new { subdomain = "payments" });
        var (tooLong, tooLongProblem) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/override", new { subdomain = "customers", ttlSeconds = 10_000_000 });

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.NotNull(problem!["errors"]!["subdomain"]);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.NotNull(tooLongProblem!["errors"]!["ttlSeconds"]);
    }

    private static async Task<string> IssueAsync(Rig rig, string subdomain, int ttlSeconds = 600)
    {
        var (response, grant) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/override", new { subdomain, ttlSeconds });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("X-Strangler-Override", (string)grant!["header"]!);
        return (string)grant["token"]!;
    }
}
