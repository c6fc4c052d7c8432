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
        Assert.StartsWith("Upstream legacy of customers failed: Request (status 502); 0 more such failure(s) since the last line", failures[0].Message, StringComparison.Ordinal);
        Assert.NotNull(failures[0].Exception);
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
