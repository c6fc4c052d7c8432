using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Sync.Hosting;

namespace Strangler.Sync.Tests.Hosting;

// Bug: the worker's OpenTelemetry resource said service_name="unknown_service:strangler" (the SDK's default, from the
// process name), the same as every gateway the CLI starts.
public sealed class ServiceResourceTests
{
    [Fact]
    public async Task Worker_IsNamedStranglerSync_AndItsStaticGroupInstanceIdIsTheInstance()
    {
        await using var worker = await StartAsync(new() { ["Strangler:Sync:Group:InstanceId"] = "sync-0" });

        var target = await TargetInfoAsync(worker);

        Assert.Contains("service_name=\"strangler-sync\"", target);
        Assert.Contains("service_instance_id=\"sync-0\"", target);
    }

    [Fact]
    public async Task Worker_WithoutAGroupInstanceId_HasNoInstanceId()
    {
        await using var worker = await StartAsync([]);

        var target = await TargetInfoAsync(worker);

        Assert.Contains("service_name=\"strangler-sync\"", target);
        Assert.DoesNotContain("service_instance_id", target);
    }

    // The host's configuration holds the environment; set here through it, not the process's environment, which the
    // tests running beside this one share.
    [Fact]
    public async Task OtelServiceNameAndResourceAttributes_WinOverTheDefaults()
    {
        await using var worker = await StartAsync(new()
        {
            ["Strangler:Sync:Group:InstanceId"] = "sync-0",
            ["OTEL_SERVICE_NAME"] = "orders-sync",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=pod-3",
        });

        var target = await TargetInfoAsync(worker);

        Assert.Contains("service_name=\"orders-sync\"", target);
        Assert.Contains("service_instance_id=\"pod-3\"", target);
    }

    private static async Task<WebApplication> StartAsync(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Nothing here consumes: no projection is configured, so the address is never dialled.
            ["Strangler:Sync:BootstrapServers"] = "127.0.0.1:9",
            ["Strangler:Sync:Store:LiteDbPath"] = Path.Combine(Path.GetTempPath(), $"service-resource-{Guid.NewGuid():N}.db"),
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddStranglerSync();
        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    // Only the OpenMetrics format carries the resource, as target_info.
    private static async Task<string> TargetInfoAsync(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/openmetrics-text"));
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return text.Split('\n').SingleOrDefault(l => l.StartsWith("target_info{", StringComparison.Ordinal)) ?? "no target_info in:\n" + text;
    }
}
