using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Breakers;

/// <summary>One breaker per sub-domain, created on first use and kept across route reloads.</summary>
internal sealed class BreakerRegistry(IOptions<GatewayOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, CircuitBreaker> _breakers = new(StringComparer.Ordinal);

    public CircuitBreaker For(string subdomain) =>
        _breakers.GetOrAdd(subdomain, static (_, state) => new CircuitBreaker(state.options.Value.Breaker, state.time), (options, time));

    public bool IsOpen(string subdomain) => _breakers.TryGetValue(subdomain, out var breaker) && breaker.IsOpen;

    /// <summary>The sub-domain's breaker as a person reads it; closed when no request has used it yet.</summary>
    public BreakerReading Read(string subdomain) =>
        _breakers.TryGetValue(subdomain, out var breaker) ? breaker.Read() : new BreakerReading(BreakerState.Closed, null, null);
}
