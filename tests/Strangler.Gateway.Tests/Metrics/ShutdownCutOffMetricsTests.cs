using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Strangler.Gateway.Metrics;

namespace Strangler.Gateway.Tests.Metrics;

/// <summary>
/// Bug: a request the shutdown timeout cut off was counted in <c>strangler.gateway.requests</c> as 499 (a client that
/// left) when its upstream had not answered yet, and as the upstream's 200 when the answer was streaming: during a
/// deploy the rates read clients and upstreams for the gateway's own stop. Both are now status 444.
/// </summary>
public sealed class ShutdownCutOffMetricsTests
{
    [Fact]
    public async Task Requests_cut_off_by_the_shutdown_timeout_are_recorded_as_444_whether_their_answer_had_started_or_not()
    {
        await using var rig = await Rig.StartAsync("new", services: services => services.AddLogging(logging => logging.AddFakeLogging()),
            settings: new Dictionary<string, string?> { ["shutdownTimeoutSeconds"] = "1", ["Strangler:Gateway:AccessLog:Enabled"] = "true" });
        var streaming = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.New.Handler = async context =>
        {
            if (context.Request.Path.Value!.EndsWith("/quick", StringComparison.Ordinal))
            {
                await context.Response.WriteAsync("done");
                return;
            }

            if (context.Request.Path.Value.EndsWith("/streaming", StringComparison.Ordinal))
            {
                context.Response.ContentType = "text/event-stream";
                await context.Response.WriteAsync("data: one\n\n");
                await context.Response.Body.FlushAsync();
                streaming.TrySetResult();
            }

            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        };
        using var requests = new MetricCollector<long>(rig.Gateway.Service<IMeterFactory>(), GatewayInstruments.MeterName, GatewayInstruments.Requests);
        var log = rig.Gateway.Service<FakeLogCollector>();

        Assert.Equal("done", (await rig.Gateway.GetAsync("/customers/quick")).Body);
        var hanging = rig.Gateway.Client.GetAsync(new Uri("/customers/hanging", UriKind.Relative), TestContext.Current.CancellationToken);
        using var stream = await rig.Gateway.Client.GetAsync(new Uri("/customers/streaming", UriKind.Relative),
            HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Equal(200, (int)stream.StatusCode);
        await streaming.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.True(await Eventually.TrueAsync(() => rig.New.RequestCount == 3, seconds: 10));

        await rig.Gateway.App.StopAsync(TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<HttpRequestException>(() => hanging);

        var statuses = requests.GetMeasurementSnapshot().Select(m => Convert.ToInt32(m.Tags["status"], System.Globalization.CultureInfo.InvariantCulture))
            .Order().ToList();
        Assert.Equal([200, 444, 444], statuses);
        var accessLog = log.GetSnapshot().Where(r => r.Category == "Strangler.Gateway.AccessLog")
            .Select(r => r.StructuredState!.Single(p => p.Key == "Status").Value).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["200", "444", "444"], accessLog);
        Assert.Contains("(recorded as status 444)", Assert.Single(log.GetSnapshot(), r => r.Id.Id == 21).Message, StringComparison.Ordinal);
    }
}
