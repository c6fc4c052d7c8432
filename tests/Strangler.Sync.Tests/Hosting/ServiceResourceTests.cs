using Microsoft.AspNetCore.Builder;

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

    private static Task<WebApplication> StartAsync(Dictionary<string, string?> settings) => IdleWorker.StartAsync(settings);

    private static async Task<string> TargetInfoAsync(WebApplication app)
    {
        var text = await IdleWorker.MetricsAsync(app, openMetrics: true);
        return text.Split('\n').SingleOrDefault(l => l.StartsWith("target_info{", StringComparison.Ordinal)) ?? "no target_info in:\n" + text;
    }
}
