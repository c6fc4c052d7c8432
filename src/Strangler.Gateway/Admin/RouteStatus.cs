using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Admin;

/// <summary>A sub-domain as it is being served right now.</summary>
internal sealed record RouteStatus
{
    /// <summary>The route as loaded.</summary>
    public required RouteDefinition Route { get; init; }

    /// <summary>Whether the circuit breaker currently keeps traffic off the new side.</summary>
    public required bool BreakerOpen { get; init; }
}
