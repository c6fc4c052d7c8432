using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Strangler.Gateway.Logging;

namespace Strangler.Gateway.Tests.Logging;

/// <summary>
/// An upstream that is down writes a warning now and then, not one per request. Bug, found running the gateway as ops
/// do: with the legacy upstream down, every request wrote two warnings with a stack trace each (YARP's and the
/// gateway's), 34.7 MB of log in 5 s at 1,900 requests/s.
/// </summary>
public sealed class UpstreamFailureLogTests
{
    private const int Requests = 40;

    [Fact]
    public async Task Legacy_down_writes_one_warning_for_many_failed_requests_and_none_from_the_forwarder()
    {
        await using var rig = await Rig.StartAsync("legacy", services: services => services.AddLogging(logging => logging.AddFakeLogging()));
        var log = rig.Gateway.Service<FakeLogCollector>();
        await rig.Legacy.DisposeAsync();
        log.Clear();

        for (var i = 0; i < Requests; i++)
        {
            Assert.Equal(System.Net.HttpStatusCode.BadGateway, (await rig.Gateway.GetAsync("/customers/1")).Response.StatusCode);
        }

        var records = log.GetSnapshot();
        Assert.DoesNotContain(records, r => r.Category?.StartsWith("Yarp.", StringComparison.Ordinal) == true);
        var failures = records.Where(r => r.Id.Id == 3).ToList();
        // One line per 10 s: two at most, should the machine be slow enough for the requests to straddle an interval.
        Assert.InRange(failures.Count, 1, 2);
        // The cause in the line, with the upstream's address; not the runtime's stack trace (about 4 KB a line before).
        Assert.Matches(@"^Upstream legacy of customers failed: Request \(status 502\): Connection refused \(127\.0\.0\.1:\d+\); 0 more such failure\(s\) since the last line$", failures[0].Message);
        Assert.Null(failures[0].Exception);
    }

    [Fact]
    public async Task New_side_failing_writes_one_fallback_warning_for_many_fallbacks()
    {
        await using var rig = await Rig.StartAsync("new", services: services => services.AddLogging(logging => logging.AddFakeLogging()),
            settings: new Dictionary<string, string?> { ["Strangler:Gateway:Breaker:FailureThreshold"] = "1000" });
        rig.New.Handler = context =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        };
        var log = rig.Gateway.Service<FakeLogCollector>();
        log.Clear();

        for (var i = 0; i < Requests; i++)
        {
            Assert.StartsWith("legacy ", (await rig.Gateway.GetAsync("/customers/1")).Body, StringComparison.Ordinal);
        }

        var fallbacks = log.GetSnapshot().Where(r => r.Id.Id == 4).ToList();
        Assert.InRange(fallbacks.Count, 1, 2);
        Assert.Equal("Falling back to legacy for customers after the new side failed with status 500; 0 more such fallback(s) since the last line", fallbacks[0].Message);
    }

    [Fact]
    public async Task A_client_giving_up_on_a_hanging_new_side_is_recorded_as_499_and_said_in_the_log()
    {
        // Bug, found running the gateway as ops do: a new side that hangs, with clients that give up before
        // UpstreamTimeout (100 s), showed only as new-side 400s in the metrics and dashboard, and nothing in the log.
        await using var rig = await Rig.StartAsync("new", services: services => services.AddLogging(logging => logging.AddFakeLogging()));
        rig.New.Handler = context => Task.Delay(Timeout.Infinite, context.RequestAborted);
        var log = rig.Gateway.Service<FakeLogCollector>();
        using var impatient = new HttpClient { BaseAddress = new Uri(rig.Gateway.Url), Timeout = TimeSpan.FromMilliseconds(500) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient.GetAsync(new Uri("/customers/1", UriKind.Relative)));

        Assert.True(await Eventually.TrueAsync(() => log.GetSnapshot().Any(r => r.Id.Id == 15)));
        var gaveUp = log.GetSnapshot().Single(r => r.Id.Id == 15);
        Assert.Matches(@"^A client gave up after \d+(\.\d)? s waiting for new of customers, which had not answered \(recorded as status 499\); 0 more such since the last line\. An upstream that hangs fails only after UpstreamTimeout \(00:01:40\)$", gaveUp.Message);
        List<string> newSide = [];
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            var metrics = await rig.Gateway.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            newSide = metrics.Split('\n').Where(l => l.StartsWith("strangler_gateway_requests_total{", StringComparison.Ordinal) && l.Contains("side=\"new\"", StringComparison.Ordinal)).ToList();
            return newSide.Count > 0;
        }));
        Assert.Contains(newSide, l => l.Contains("status=\"499\"", StringComparison.Ordinal));
        Assert.DoesNotContain(newSide, l => l.Contains("status=\"400\"", StringComparison.Ordinal));
    }

    [Fact]
    public void RepeatedWarnings_writes_the_first_then_one_per_interval_with_the_count_held_back()
    {
        var time = new FakeTimeProvider();
        var warnings = new RepeatedWarnings(time);

        Assert.True(warnings.ShouldWrite("customers", 0, 1, out var first));
        Assert.False(warnings.ShouldWrite("customers", 0, 1, out _));
        Assert.False(warnings.ShouldWrite("customers", 0, 1, out _));
        // Another kind, code or sub-domain is a warning of its own.
        Assert.True(warnings.ShouldWrite("customers", 1, 1, out _));
        Assert.True(warnings.ShouldWrite("customers", 0, 2, out _));
        Assert.True(warnings.ShouldWrite("orders", 0, 1, out _));
        time.Advance(RepeatedWarnings.Interval - TimeSpan.FromMilliseconds(1));
        Assert.False(warnings.ShouldWrite("customers", 0, 1, out _));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(warnings.ShouldWrite("customers", 0, 1, out var later));

        Assert.Equal((0L, 3L), (first, later));
    }
}
