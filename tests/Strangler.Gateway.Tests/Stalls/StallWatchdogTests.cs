using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Strangler.Gateway.Stalls;

namespace Strangler.Gateway.Tests.Stalls;

/// <summary>
/// The watchdog's arithmetic on a clock the test moves: what counts as a stall, and which requests were in flight
/// during one. A real frozen process is <c>GatewayStallTests</c> in the CLI tests.
/// </summary>
public sealed class StallWatchdogTests : IAsyncDisposable
{
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(1);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Watchdog_WakingLateWithinTheThreshold_SeesNoStall()
    {
        await using var watchdog = await StartAsync();
        for (var i = 0; i < 20; i++)
        {
            // Every wake-up 900 ms late: a loaded machine's scheduler at its worst, not a stopped process.
            Advance(StallWatchdog.Tick + TimeSpan.FromMilliseconds(900));
            watchdog.Value.Beat();
        }

        var started = Now();
        Advance(TimeSpan.FromMilliseconds(50));
        Assert.False(watchdog.Value.Overlapped(started, Now()));
        Assert.Empty(watchdog.Value.Since(DateTimeOffset.MinValue));
    }

    [Fact]
    public async Task Watchdog_WakingSecondsLate_RecordsTheStallAndTheRequestsInFlightAcrossIt()
    {
        await using var watchdog = await StartAsync();
        Advance(StallWatchdog.Tick);
        watchdog.Value.Beat();
        var inFlight = Now();

        Advance(TimeSpan.FromSeconds(25) + StallWatchdog.Tick);
        watchdog.Value.Beat();
        Advance(TimeSpan.FromMilliseconds(10));
        var startedAfter = Now();
        Advance(TimeSpan.FromMilliseconds(10));

        Assert.True(watchdog.Value.Overlapped(inFlight, Now()));
        Assert.False(watchdog.Value.Overlapped(startedAfter, Now()));
        var stall = Assert.Single(watchdog.Value.Since(DateTimeOffset.MinValue));
        Assert.Equal(25, stall.Length.TotalSeconds, 0.001);
        Assert.Equal(1, stall.Excluded);
    }

    [Fact]
    public async Task Watchdog_StallNotSeenYet_CountsARequestFinishingFirstAfterIt()
    {
        await using var watchdog = await StartAsync();
        var inFlight = Now();

        // The process resumes and a request thread runs before the watchdog's thread has woken.
        Advance(TimeSpan.FromSeconds(5));

        Assert.True(watchdog.Value.Overlapped(inFlight, Now()));
        var stall = Assert.Single(watchdog.Value.Since(DateTimeOffset.MinValue));
        Assert.Equal(5 - StallWatchdog.Tick.TotalSeconds, stall.Length.TotalSeconds, 0.001);
        Assert.Equal(1, stall.Excluded);
    }

    [Fact]
    public async Task Watchdog_NotRunning_CountsNothingAsAStall()
    {
        using var watchdog = Create();
        var started = Now();
        Advance(TimeSpan.FromMinutes(1));

        Assert.False(watchdog.Overlapped(started, Now()));

        await watchdog.StartAsync(TestContext.Current.CancellationToken);
        await watchdog.StopAsync(TestContext.Current.CancellationToken);
        Advance(TimeSpan.FromMinutes(1));
        Assert.False(watchdog.Overlapped(started, Now()));
        Assert.Empty(watchdog.Since(DateTimeOffset.MinValue));
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    private void Advance(TimeSpan span) => _time.Advance(span);

    private long Now() => _time.GetTimestamp();

    private StallWatchdog Create() => new(Threshold, _services.GetRequiredService<IMeterFactory>(), _time, _time, NullLogger<StallWatchdog>.Instance);

    private async Task<Running> StartAsync()
    {
        var watchdog = Create();
        await watchdog.StartAsync(TestContext.Current.CancellationToken);
        return new Running(watchdog);
    }

    /// <summary>A started watchdog, stopped and disposed with the test.</summary>
    private sealed class Running(StallWatchdog watchdog) : IAsyncDisposable
    {
        public StallWatchdog Value => watchdog;

        public async ValueTask DisposeAsync()
        {
            await watchdog.StopAsync(CancellationToken.None);
            watchdog.Dispose();
        }
    }
}
