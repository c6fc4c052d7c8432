namespace Strangler.Gateway.Metrics;

/// <summary>
/// The gateway's meter, instrument and tag names, declared once: <see cref="GatewayMetrics"/> creates the instruments
/// under them and the dashboard's listener reads them back; Prometheus users see them as a contract.
/// </summary>
internal static class GatewayInstruments
{
    /// <summary>Meter name to enable in OpenTelemetry.</summary>
    public const string MeterName = "Strangler.Gateway";

    /// <summary>The OpenTelemetry resource's default <c>service.name</c>; <c>OTEL_SERVICE_NAME</c> overrides it.</summary>
    public const string ServiceName = "strangler-gateway";
    public const string Requests = "strangler.gateway.requests";
    public const string Duration = "strangler.gateway.request.duration";
    public const string Errors = "strangler.gateway.errors";
    public const string Fallbacks = "strangler.gateway.fallbacks";
    public const string BreakerOpen = "strangler.gateway.breaker.open";

    // The stall watchdog's; not in <see cref="All"/>: the dashboard's listener has no use for them.
    public const string Stalls = "strangler.gateway.stalls";
    public const string StalledTime = "strangler.gateway.stall.duration";
    public const string StallExcluded = "strangler.gateway.stall.excluded";

    // A fleet replica's; not in <see cref="All"/> either.
    public const string RouteRevisionServed = "strangler.gateway.route_revision.served";
    public const string RouteRevisionSeen = "strangler.gateway.route_revision.store";

    public const string SubdomainTag = "subdomain";
    public const string SideTag = "side";
    public const string StatusTag = "status";

    public static readonly IReadOnlySet<string> All =
        new HashSet<string>(StringComparer.Ordinal) { Requests, Duration, Errors, Fallbacks, BreakerOpen };
}
