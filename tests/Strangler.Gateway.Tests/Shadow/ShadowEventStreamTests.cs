using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Strangler.Gateway.Tests.Shadow;

/// <summary>
/// Server-Sent Events on a shadowed route. Bug: a stream's replay waited for the new side's stream to end, so every
/// one counted as a timed-out shadow in the route's evidence; now they are skipped under <c>event_stream</c>.
/// </summary>
public sealed class ShadowEventStreamTests
{
    [Fact]
    public async Task An_event_stream_from_legacy_reaches_the_client_event_by_event_and_is_skipped_not_timed_out()
    {
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["timeout"] = "00:00:00.300", ["noisePercentage"] = 0 });
        var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var end = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Legacy.Handler = async context =>
        {
            if (context.Request.Path != "/customers/events")
            {
                await context.Response.WriteAsync($"legacy {context.Request.Method} {context.Request.Path}");
                return;
            }

            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: one\n\n");
            await context.Response.Body.FlushAsync();
            await next.Task;
            await context.Response.WriteAsync("data: two\n\n");
            await context.Response.Body.FlushAsync();
            await end.Task;
        };
        // Were the stream replayed, the new side's would never end: before the fix, a timed-out shadow.
        rig.New.Handler = async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: new\n\n");
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        };

        // No Accept header: the answer's Content-Type alone says it is a stream.
        using var response = await rig.Gateway.Client.GetAsync(new Uri("/customers/events", UriKind.Relative),
            HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken), Encoding.UTF8);
        // Legacy holds the second event until the first is read: the first cannot have waited for the stream's end.
        Assert.Equal("data: one", await events.ReadLineAsync(TestContext.Current.CancellationToken));
        Assert.Equal("", await events.ReadLineAsync(TestContext.Current.CancellationToken));
        next.SetResult();
        Assert.Equal("data: two", await events.ReadLineAsync(TestContext.Current.CancellationToken));

        // Counted while the stream is still open: a stream may last hours.
        var open = await Eventually.UntilAsync(() => rig.ReportAsync(), r => Skipped(r, "event_stream") == 1, "the stream counted skipped");
        end.SetResult();
        Assert.Equal("\n", await events.ReadToEndAsync(TestContext.Current.CancellationToken));

        // A plain request after it, shadowed as ever: once it is compared, the stream's shadow would have been queued too.
        Assert.Equal("legacy GET /customers/1", (await rig.Gateway.GetAsync("/customers/1", "u")).Body);
        var report = await rig.SettledAsync(1);
        Assert.Equal((1L, 0L, 0L), (ShadowRig.Long(report, "compared"), ShadowRig.Long(report, "timedOut"), ShadowRig.Long(report, "failed")));
        Assert.Equal(1L, Skipped(report, "event_stream"));
        Assert.Equal(1L, Skipped(report["endpoints"]!.AsArray().Single(e => (string?)e!["endpoint"] == "GET /customers/events")!, "event_stream"));
        Assert.Equal(0L, ShadowRig.Long(open, "timedOut"));
        Assert.Equal(["/customers/1"], rig.New.Requests.Select(r => r.Path));
        var metrics = await rig.Gateway.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains(metrics.Split('\n'), l => l.StartsWith("strangler_gateway_shadow_skipped_total{", StringComparison.Ordinal)
            && l.Contains("reason=\"event_stream\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_that_accepts_an_event_stream_is_skipped_once_and_never_replayed()
    {
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["timeout"] = "00:00:00.300", ["noisePercentage"] = 0 });
        rig.Legacy.Handler = async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: only\n\n");
        };

        var (body, _, _) = await rig.Gateway.GetAsync("/customers/events", "u", ("Accept", "text/event-stream"));

        Assert.Equal("data: only\n\n", body);
        var report = await Eventually.UntilAsync(() => rig.ReportAsync(), r => Skipped(r, "event_stream") > 0, "the stream counted skipped");
        Assert.Equal(1L, Skipped(report, "event_stream"));
        Assert.Equal((0L, 0L), (ShadowRig.Long(report, "compared"), ShadowRig.Long(report, "timedOut")));
        Assert.Empty(rig.New.Requests);
    }

    [Fact]
    public async Task A_new_side_that_answers_an_event_stream_where_legacy_did_not_is_compared_and_its_stream_aborted()
    {
        await using var rig = await ShadowRig.StartAsync(new JsonObject { ["timeout"] = "00:00:05", ["noisePercentage"] = 0 });
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.New.Handler = async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: new\n\n");
            await context.Response.Body.FlushAsync();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            finally
            {
                aborted.TrySetResult();
            }
        };

        Assert.Equal("legacy GET /customers/1", (await rig.Gateway.GetAsync("/customers/1", "u")).Body);

        var report = await rig.SettledAsync(1);
        Assert.Equal((1L, 1L, 0L), (ShadowRig.Long(report, "compared"), ShadowRig.Long(report, "differing"), ShadowRig.Long(report, "timedOut")));
        // The shadow did not hold the new side's stream open until the timeout: it let go once the headers were read.
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    private static long Skipped(JsonNode report, string reason) => report["skipped"]?[reason]?.GetValue<long>() ?? 0;
}
