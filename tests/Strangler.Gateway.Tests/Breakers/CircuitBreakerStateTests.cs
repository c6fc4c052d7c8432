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
