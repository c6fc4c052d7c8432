using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Strangler.Gateway.Tests.Logging;

/// <summary>
/// What a stop says. Bug, found running the gateway as ops do: a request still running at the host's shutdown timeout
/// was logged as "A client gave up after 2 s waiting for new of ..." (the gateway had cut it off, its client saw the
/// connection close), and nothing said the drain had cut anything.
/// </summary>
public sealed class ShutdownLogTests
{
    [Fact]
    public async Task A_stop_drains_what_finishes_in_time_and_says_how_many_requests_the_shutdown_timeout_cut_off()
    {
        await using var rig = await Rig.StartAsync("new", services: services => services.AddLogging(logging => logging.AddFakeLogging()),
            settings: new Dictionary<string, string?> { ["shutdownTimeoutSeconds"] = "1" });
        rig.New.Handler = async context =>
        {
            await Task.Delay(context.Request.Path.Value!.EndsWith("/quick", StringComparison.Ordinal) ? 300 : Timeout.Infinite, context.RequestAborted);
            await context.Response.WriteAsync("done");
        };
        var log = rig.Gateway.Service<FakeLogCollector>();
        var quick = rig.Gateway.Client.GetAsync(new Uri("/customers/quick", UriKind.Relative), TestContext.Current.CancellationToken);
        var hanging = rig.Gateway.Client.GetAsync(new Uri("/customers/hanging", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.True(await Eventually.TrueAsync(() => rig.New.RequestCount == 2, seconds: 10));

        await rig.Gateway.App.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal("done", await (await quick).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<HttpRequestException>(() => hanging);
        var records = log.GetSnapshot();
        Assert.Equal("Stopping: no new connections; requests in flight get up to the shutdown timeout (00:00:01, --shutdownTimeoutSeconds) to finish",
            Assert.Single(records, r => r.Id.Id == 20).Message);
        var cutOff = Assert.Single(records, r => r.Id.Id == 21);
        Assert.Equal(LogLevel.Warning, cutOff.Level);
        Assert.Equal("1 proxied request(s) were still running at the shutdown timeout (00:00:01) and were cut off: their clients saw the connection close (recorded as status 444). Raise --shutdownTimeoutSeconds if requests that long are expected", cutOff.Message);
        Assert.DoesNotContain(records, r => r.Id.Id == 15);
    }

    [Fact]
    public async Task A_stop_with_nothing_cut_off_writes_the_drain_line_and_no_cut_off_warning()
    {
        await using var rig = await Rig.StartAsync("new", services: services => services.AddLogging(logging => logging.AddFakeLogging()),
            settings: new Dictionary<string, string?> { ["shutdownTimeoutSeconds"] = "5" });
        rig.New.Handler = async context =>
        {
            await Task.Delay(300, context.RequestAborted);
            await context.Response.WriteAsync("done");
        };
        var log = rig.Gateway.Service<FakeLogCollector>();
        var request = rig.Gateway.Client.GetAsync(new Uri("/customers/1", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.True(await Eventually.TrueAsync(() => rig.New.RequestCount == 1, seconds: 10));

        await rig.Gateway.App.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal("done", await (await request).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Single(log.GetSnapshot(), r => r.Id.Id == 20);
        Assert.DoesNotContain(log.GetSnapshot(), r => r.Id.Id is 21 or 15);
    }
}
