namespace Strangler.Gateway.Tests.Metrics;

/// <summary>
/// Two gateways in one process, with the same sub-domain name: each one's <c>/metrics</c> shows its own traffic only.
/// OpenTelemetry subscribes to meters by name across the process, and before each host kept to its own meters a
/// failing gateway's errors showed on a quiet one's page (tests running side by side failed at random under load).
/// </summary>
public sealed class OwnSeriesTests
{
    [Fact]
    public async Task TwoGatewaysInOneProcess_EachMetricsPageShowsOnlyItsOwnSeries()
    {
        await using var failing = await Rig.StartAsync("new");
        await using var quiet = await Rig.StartAsync("new");
        failing.New.Handler = context =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        };

        await failing.Gateway.GetAsync("/customers/1");
        await quiet.Gateway.GetAsync("/customers/1");

        var failingText = "";
        var seen = await Eventually.TrueAsync(async () =>
        {
            failingText = await failing.Gateway.Client.GetStringAsync("/metrics");
            return Lines(failingText, "strangler_gateway_errors_total").Length > 0;
        });
        Assert.True(seen, failingText);

        var quietText = await quiet.Gateway.Client.GetStringAsync("/metrics");
        Assert.Empty(Lines(quietText, "strangler_gateway_errors_total"));
        var requests = Lines(quietText, "strangler_gateway_requests_total").Where(line => line.Contains("side=\"new\"", StringComparison.Ordinal)).ToArray();
        var request = Assert.Single(requests);
        Assert.Contains("status=\"200\"", request, StringComparison.Ordinal);
        Assert.Equal("1", Value(request));
    }

    // A sample line is `name{labels} value [timestamp]`.
    private static string Value(string line) => line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];

    private static string[] Lines(string text, string metric) =>
        text.Split('\n').Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal)).ToArray();
}
