namespace Strangler.Gateway.Configuration;

/// <summary>Circuit breaker settings (<c>Strangler:Gateway:Breaker</c>), applied per sub-domain to its new side.</summary>
public sealed record BreakerOptions
{
    /// <summary>Consecutive failures of the new side (transport error, timeout, 5xx) that open the breaker.</summary>
    public int FailureThreshold { get; init; } = 5;

    /// <summary>How long an open breaker sends the sub-domain's traffic to legacy before one trial request (half-open).</summary>
    public TimeSpan OpenDuration { get; init; } = TimeSpan.FromSeconds(30);
}
