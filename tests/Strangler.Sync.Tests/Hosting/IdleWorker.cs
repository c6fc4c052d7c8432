using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Sync.Hosting;

namespace Strangler.Sync.Tests.Hosting;

/// <summary>A sync worker with no pipeline, serving <c>/metrics</c> on a free port: for what the host itself exports.</summary>
internal static class IdleWorker
{
    public static async Task<WebApplication> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Nothing here consumes: no projection is configured, so the address is never dialled.
            ["Strangler:Sync:BootstrapServers"] = "127.0.0.1:9",
            ["Strangler:Sync:Store:LiteDbPath"] = Path.Combine(Path.GetTempPath(), $"idle-worker-{Guid.NewGuid():N}.db"),
        });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Services.AddStranglerSync();
        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    /// <summary>The worker's <c>/metrics</c>; in the OpenMetrics format when asked (only it carries the resource, as target_info).</summary>
    public static async Task<string> MetricsAsync(WebApplication app, bool openMetrics = false)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (openMetrics)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/openmetrics-text"));
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }
}
