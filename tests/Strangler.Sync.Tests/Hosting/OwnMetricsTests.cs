using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
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

    private static Task<WebApplication> StartAsync() => IdleWorker.StartAsync();

    private static Task<string> MetricsAsync(WebApplication app) => IdleWorker.MetricsAsync(app);
}
