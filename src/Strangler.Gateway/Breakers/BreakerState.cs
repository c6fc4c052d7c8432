namespace Strangler.Gateway.Breakers;

/// <summary>Where a sub-domain's breaker stands.</summary>
internal enum BreakerState
{
    /// <summary>Requests go to the new side as the route says.</summary>
    Closed,

    /// <summary>Every request goes to legacy until the open period ends.</summary>
    Open,

    /// <summary>The open period ended: the next request for the new side is let through as a trial.</summary>
    HalfOpen,

    /// <summary>The trial request is in flight; the others still go to legacy.</summary>
    Trial,
}
