using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Breakers;

/// <summary>
/// Breaker for one sub-domain's new side: closed → (N consecutive failures) → open for a while (traffic to legacy)
/// → half-open (exactly one trial request) → closed on success, open again on failure.
/// </summary>
internal sealed class CircuitBreaker(BreakerOptions options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private int _consecutiveFailures;
    private DateTimeOffset? _openUntil;
    private DateTimeOffset? _openedAt;
    private bool _trialInFlight;

    /// <summary>True while the breaker keeps traffic off the new side (open, or half-open with its trial running).</summary>
    public bool IsOpen
    {
        get
        {
            lock (_lock)
            {
                return _openUntil is { } until && (time.GetUtcNow() < until || _trialInFlight);
            }
        }
    }

    /// <summary>The breaker's state with since when it is not closed, for people watching it (the dashboard).</summary>
    public BreakerReading Read()
    {
        lock (_lock)
        {
            if (_openUntil is not { } until)
            {
                return new BreakerReading(BreakerState.Closed, null, null);
            }

            var state = _trialInFlight ? BreakerState.Trial : time.GetUtcNow() < until ? BreakerState.Open : BreakerState.HalfOpen;
            return new BreakerReading(state, _openedAt, until);
        }
    }

    /// <summary>Whether a request may go to the new side now; in half-open state only the first caller gets through.</summary>
    public bool TryAllow()
    {
        lock (_lock)
        {
            if (_openUntil is not { } until)
            {
                return true;
            }

            if (time.GetUtcNow() < until || _trialInFlight)
            {
                return false;
            }

            _trialInFlight = true;
            return true;
        }
    }

    /// <summary>The request ended without a verdict on the new side (the client went away): free the trial slot.</summary>
    public void Abandon()
    {
        lock (_lock)
        {
            _trialInFlight = false;
        }
    }

    /// <summary>Counts a success; returns true when it closed an open breaker (the new side is back), so that is logged.</summary>
    public bool RecordSuccess()
    {
        lock (_lock)
        {
            var wasOpen = _openUntil is not null;
            _consecutiveFailures = 0;
            _openUntil = null;
            _openedAt = null;
            _trialInFlight = false;
            return wasOpen;
        }
    }

    /// <summary>Counts a failure; returns true when this failure opened (or re-opened) the breaker.</summary>
    public bool RecordFailure()
    {
        lock (_lock)
        {
            if (_trialInFlight || ++_consecutiveFailures >= options.FailureThreshold)
            {
                var now = time.GetUtcNow();
                // A failed trial re-opens it, but the new side has been kept away since the first opening.
                _openedAt ??= now;
                _openUntil = now + options.OpenDuration;
                _trialInFlight = false;
                _consecutiveFailures = 0;
                return true;
            }

            return false;
        }
    }
}
