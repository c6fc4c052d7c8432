using System.Net.Http.Headers;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Metrics;

// Bug: the gateway's OpenTelemetry resource said service_name="unknown_service:strangler" (the SDK's default, from
// the process name), the same for every gateway and sync worker that the CLI starts, and no instance.
public sealed class ServiceResourceTests
{
    [Fact]
    public async Task SingleGateway_IsNamedStranglerGateway_WithNoInstanceId()
    {
        await using var rig = await Rig.StartAsync("legacy");

        var target = await TargetInfoAsync(rig.Gateway);

        Assert.Contains("service_name=\"strangler-gateway\"", target);
        Assert.DoesNotContain("service_instance_id", target);
    }

    [Fact]
    public async Task FleetReplica_IsItsReplicaId()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 1);

        var target = await TargetInfoAsync(fleet.Replicas[0]);

        Assert.Contains("service_name=\"strangler-gateway\"", target);
        Assert.Contains("service_instance_id=\"r0\"", target);
    }

    // The variables reach the gateway through its configuration, which holds the environment (and the command line,
    // which a test can set without touching the process's environment, shared by the tests running beside it).
    [Fact]
    public async Task OtelServiceNameAndResourceAttributes_WinOverTheDefaults()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 0);
        var replica = await fleet.StartReplicaAsync("r0", extra: new Dictionary<string, string?>
        {
            ["OTEL_SERVICE_NAME"] = "edge-gateway",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=pod-7,deployment.environment=prod",
        });

        var target = await TargetInfoAsync(replica);

        Assert.Contains("service_name=\"edge-gateway\"", target);
        Assert.Contains("service_instance_id=\"pod-7\"", target);
        Assert.Contains("deployment_environment=\"prod\"", target);
        Assert.DoesNotContain("strangler-gateway", target);
    }

    // Only the OpenMetrics format carries the resource, as target_info.
    private static async Task<string> TargetInfoAsync(GatewayHost gateway)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/openmetrics-text"));
        using var response = await gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return text.Split('\n').SingleOrDefault(l => l.StartsWith("target_info{", StringComparison.Ordinal)) ?? "no target_info in:\n" + text;
    }
}
