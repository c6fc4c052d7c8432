using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Strangler.Sync.Hosting;
using Strangler.Sync.Metrics;

namespace Strangler.Sync.Tests.Hosting;

/// <summary>
/// Two sync workers in one process: each one's <c>/metrics</c> shows its own pipelines only. OpenTelemetry subscribes
/// to meters by name across the process, so before each worker kept to its own meters one worker's page carried the
/// other's series.
/// </summary>
public sealed class OwnMetricsTests
{
    [Fact]
    public async Task Two_workers_in_one_process_each_show_only_their_own_pipelines()
    {
        await using var first = await StartAsync();
        await using var second = await StartAsync();
        first.Services.GetRequiredService<SyncMetrics>().Register("first-only", "projection", "customers");
        second.Services.GetRequiredService<SyncMetrics>().Register("second-only", "projection", "customers");

        var firstText = await MetricsAsync(first);
        var secondText = await MetricsAsync(second);

        Assert.Contains("pipeline=\"first-only\"", firstText, StringComparison.Ordinal);
        Assert.DoesNotContain("second-only", firstText, StringComparison.Ordinal);
        Assert.Contains("pipeline=\"second-only\"", secondText, StringComparison.Ordinal);
        Assert.DoesNotContain("first-only", secondText, StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Nothing here consumes: no projection is configured, so the address is never dialled.
            ["Strangler:Sync:BootstrapServers"] = "127.0.0.1:9",
            ["Strangler:Sync:Store:LiteDbPath"] = Path.Combine(Path.GetTempPath(), $"own-series-{Guid.NewGuid():N}.db"),
        });
        builder.Services.AddStranglerSync();
        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    private static async Task<string> MetricsAsync(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        return await http.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
    }
}
