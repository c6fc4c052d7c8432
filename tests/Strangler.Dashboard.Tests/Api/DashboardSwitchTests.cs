using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Strangler.Dashboard.Tests.Infrastructure;
using Strangler.Gateway.Dashboard.Inventory;
using Strangler.Gateway.Dashboard.Metrics;
using Strangler.Gateway.Dashboard.Sync;

namespace Strangler.Dashboard.Tests.Api;

/// <summary><c>Strangler:Dashboard:Enabled</c>: the dashboard is part of every gateway unless switched off.</summary>
public sealed class DashboardSwitchTests(Upstreams upstreams)
{
    private static readonly string[] DashboardPaths =
        ["/_strangler/", "/_strangler/assets/app.js", "/_strangler/ui/overview", "/_strangler/ui/history"];

    private static readonly Type[] BackgroundServices = [typeof(GatewayMetricsListener), typeof(InventoryPersistence), typeof(SyncStatusPoller)];

    [Fact]
    public async Task Disabled_PageSessionAndDataAre404_BackgroundServicesDoNotRun_ProxyAndAdminApiStillServe()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, new Dictionary<string, string?>
        {
            ["Strangler:Dashboard:Enabled"] = "false",
            ["Strangler:Dashboard:SyncStatusUrls:0"] = "http://127.0.0.1:9/",
            // Settings of a dashboard that is off are not checked: this one would otherwise stop the gateway.
            ["Strangler:Dashboard:SessionLifetime"] = "-00:01:00",
        });
        using var client = gateway.Client();

        foreach (var path in DashboardPaths)
        {
            Assert.Equal((path, HttpStatusCode.NotFound), (path, (await client.GetAsync(path, TestContext.Current.CancellationToken)).StatusCode));
        }

        var signIn = await client.PostAsJsonAsync("/_strangler/session", new { token = GatewayUnderTest.AdminToken }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, signIn.StatusCode);
        var running = gateway.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();
        Assert.DoesNotContain(running, BackgroundServices.Contains);
        await gateway.SendAsync(client, "/customers/{i}", 2, "legacy");
        Assert.Empty(gateway.Services.GetRequiredService<EndpointInventory>().Snapshot());
        using var admin = new HttpRequestMessage(HttpMethod.Get, "/_strangler/api/routes");
        admin.Headers.Authorization = new("Bearer", GatewayUnderTest.AdminToken);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(admin, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Default_IsEnabled_PageServedAndBackgroundServicesRun()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams);
        using var client = gateway.Client();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/_strangler/", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/_strangler/ui/overview", TestContext.Current.CancellationToken)).StatusCode);
        var running = gateway.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();
        Assert.All(BackgroundServices, type => Assert.Contains(type, running));
        await gateway.SendAsync(client, "/customers/{i}", 2, "legacy");
        Assert.NotEmpty(gateway.Services.GetRequiredService<EndpointInventory>().Snapshot());
    }
}
