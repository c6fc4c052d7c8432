namespace Strangler.Gateway.Dashboard.Metrics;

/// <summary>The gateway's metric names and tags the dashboard reads (the contract shared with the gateway).</summary>
internal static class GatewayInstruments
{
    public const string MeterName = "Strangler.Gateway";
    public const string Requests = "strangler.gateway.requests";
    public const string Duration = "strangler.gateway.request.duration";
    public const string Errors = "strangler.gateway.errors";
    public const string Fallbacks = "strangler.gateway.fallbacks";
    public const string BreakerOpen = "strangler.gateway.breaker.open";

    public const string SubdomainTag = "subdomain";
    public const string SideTag = "side";

    public static readonly IReadOnlySet<string> All =
        new HashSet<string>(StringComparer.Ordinal) { Requests, Duration, Errors, Fallbacks, BreakerOpen };
}
