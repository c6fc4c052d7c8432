using Microsoft.Extensions.Time.Testing;
using Strangler.Gateway.Breakers;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Tests.Breakers;

public sealed class CircuitBreakerStateTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UnixEpoch);

    private CircuitBreaker Create() =>
        new(new BreakerOptions { FailureThreshold = 2, OpenDuration = TimeSpan.FromSeconds(10) }, _clock);

    [Fact]
    public void SuccessBetweenFailures_ResetsTheCount()
    {
        var breaker = Create();

        Assert.False(breaker.RecordFailure());
        breaker.RecordSuccess();
        Assert.False(breaker.RecordFailure());

        Assert.False(breaker.IsOpen);
        Assert.True(breaker.TryAllow());
    }

    [Fact]
    public void RecordSuccess_SaysWhenItClosedAnOpenBreaker()
    {
        // So the gateway can log the new side's recovery: before, the breaker's opening was logged, its closing not.
        var breaker = Create();
        Assert.False(breaker.RecordSuccess());
        breaker.RecordFailure();
        breaker.RecordFailure();
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(breaker.TryAllow());

        Assert.True(breaker.RecordSuccess());
        Assert.False(breaker.RecordSuccess());
    }

    [Fact]
    public void Read_SaysSinceWhenTheNewSideIsKeptAway_ThroughFailedTrials_UntilASuccessClosesIt()
    {
        // For the dashboard: "open" alone did not say whether the trouble began a minute or an hour ago.
        var breaker = Create();
        Assert.Equal(new BreakerReading(BreakerState.Closed, null, null), breaker.Read());
        var opened = _clock.GetUtcNow();
        breaker.RecordFailure();
        breaker.RecordFailure();
        Assert.Equal(new BreakerReading(BreakerState.Open, opened, opened.AddSeconds(10)), breaker.Read());

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(BreakerState.HalfOpen, breaker.Read().State);
        Assert.True(breaker.TryAllow());
        Assert.Equal(BreakerState.Trial, breaker.Read().State);
        Assert.True(breaker.RecordFailure());
        // The failed trial opens it again for another period; the trouble still dates from the first opening.
        Assert.Equal(new BreakerReading(BreakerState.Open, opened, _clock.GetUtcNow().AddSeconds(10)), breaker.Read());

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(breaker.TryAllow());
        breaker.RecordSuccess();
        Assert.Equal(new BreakerReading(BreakerState.Closed, null, null), breaker.Read());
        breaker.RecordFailure();
        breaker.RecordFailure();
        Assert.Equal(_clock.GetUtcNow(), breaker.Read().OpenedAt);
    }

    [Fact]
    public void HalfOpen_LetsExactlyOneTrialThrough()
    {
        var breaker = Create();
        breaker.RecordFailure();
        Assert.True(breaker.RecordFailure());
        Assert.False(breaker.TryAllow());

        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.True(breaker.TryAllow());
        Assert.False(breaker.TryAllow());
        Assert.True(breaker.IsOpen);
    }

    [Fact]
    public void AbandonedTrial_FreesTheSlot_SoTheBreakerCannotStickOpen()
    {
        // Pins a bug found in review: a trial whose client disconnected held the half-open slot forever.
        var breaker = Create();
        breaker.RecordFailure();
        breaker.RecordFailure();
        _clock.Advance(TimeSpan.FromSeconds(11));
        Assert.True(breaker.TryAllow());

        breaker.Abandon();

        Assert.True(breaker.TryAllow());
        breaker.RecordSuccess();
        Assert.False(breaker.IsOpen);
    }
}
