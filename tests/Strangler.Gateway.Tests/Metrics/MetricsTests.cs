namespace Strangler.Gateway.Tests.Metrics;

public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_ArePublishedForPrometheus_PerSubdomainSideAndStatus()
    {
        // A sub-domain name of its own, so that the exact counts below can only come from this test's requests.
        var name = "m" + Guid.NewGuid().ToString("N")[..12];
        await using var rig = await Rig.StartAsync("new", settings: new Dictionary<string, string?>
        {
            ["Strangler:Gateway:Breaker:FailureThreshold"] = "2",
        }, edit: r => r["name"] = name);
        await rig.Gateway.GetAsync("/customers/1");
        await rig.Gateway.GetAsync("/elsewhere");
        rig.New.Handler = context =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        };
        await rig.Gateway.GetAsync("/customers/2");
        await rig.Gateway.GetAsync("/customers/3");

        var text = "";
        var found = await Eventually.TrueAsync(async () =>
        {
            text = await rig.Gateway.Client.GetStringAsync("/metrics");
            return Has(text, "strangler_gateway_fallbacks_total", $"subdomain=\"{name}\"", " 2");
        });

        Assert.True(found, text);
        Assert.True(Has(text, "strangler_gateway_requests_total", $"subdomain=\"{name}\"", "side=\"new\"", "status=\"200\"", " 1"), text);
        Assert.True(Has(text, "strangler_gateway_requests_total", $"subdomain=\"{name}\"", "side=\"new\"", "status=\"500\"", " 2"), text);
        Assert.True(Has(text, "strangler_gateway_requests_total", $"subdomain=\"{name}\"", "side=\"legacy\"", "status=\"200\"", " 2"), text);
        Assert.True(Has(text, "strangler_gateway_requests_total", "subdomain=\"(unclaimed)\"", "side=\"legacy\""), text);
        Assert.True(Has(text, "strangler_gateway_errors_total", $"subdomain=\"{name}\"", "side=\"new\"", " 2"), text);
        Assert.True(Has(text, "strangler_gateway_request_duration_seconds_bucket", $"subdomain=\"{name}\"", "side=\"new\""), text);
        Assert.True(Has(text, "strangler_gateway_breaker_open", $"subdomain=\"{name}\"", " 1"), text);
        Assert.True(Has(text, "strangler_gateway_request_duration_seconds_bucket", $"subdomain=\"{name}\"", "le=\"0.005\""), text);
    }

    private static bool Has(string text, string metric, params string[] parts) =>
        text.Split('\n').Any(line => line.StartsWith(metric + "{", StringComparison.Ordinal)
            && parts.All(p => p.StartsWith(' ') ? line.Split(' ')[^2] == p.Trim() || line.Split(' ')[^1] == p.Trim() : line.Contains(p, StringComparison.Ordinal)));
}
