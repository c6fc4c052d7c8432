using System.Net;

namespace Strangler.Gateway.Tests.Health;

public sealed class HealthTests
{
    [Fact]
    public async Task ValidRoutes_LiveAndReady()
    {
        await using var rig = await Rig.StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await rig.Gateway.Client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await rig.Gateway.Client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task InvalidRoutesAtStart_LiveButNotReady_AndNothingIsForwarded()
    {
        var legacy = await Upstream.StartAsync("legacy");
        await using var _ = legacy;
        var directory = RouteFiles.NewDirectory();
        RouteFiles.WriteRaw(directory, "customers.json", "{ broken");
        await using var gateway = await GatewayHost.StartAsync(directory, legacy);

        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await gateway.Client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await gateway.Client.GetAsync("/customers/1")).StatusCode);
        var (_, overview) = await gateway.AdminAsync(HttpMethod.Get, "/routes");
        Assert.False((bool)overview!["loaded"]!);
        Assert.Equal("customers.json", (string)overview["lastLoadError"]!["errors"]![0]!["file"]!);
        Assert.Equal(0, legacy.RequestCount);
        var (rollback, problem) = await gateway.AdminAsync(HttpMethod.Post, "/rollback", new { revision = 1, reason = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, rollback.StatusCode);
        Assert.Contains("no valid route table", problem!["errors"]!["routes"]![0]!.ToString());

        // Fixing the file makes it ready without a restart.
        RouteFiles.Write(directory, RouteFiles.Route("customers", legacy.Url, legacy.Url));
        Assert.True(await Eventually.TrueAsync(async () => (await gateway.Client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK));
    }

    [Fact]
    public async Task MissingRequiredSetting_StartupFailsNamingTheKey()
    {
        var legacy = await Upstream.StartAsync("legacy");
        await using var _ = legacy;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => GatewayHost.StartAsync(RouteFiles.NewDirectory(), legacy,
            new Dictionary<string, string?> { ["Strangler:Gateway:DefaultUpstream"] = "not-a-url" }));

        Assert.Contains("Strangler:Gateway:DefaultUpstream must be an absolute http(s) URL", error.Message);
    }
}
