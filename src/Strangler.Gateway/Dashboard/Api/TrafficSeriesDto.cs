namespace Strangler.Gateway.Dashboard.Api;

/// <summary>One sub-domain's traffic series; arrays are aligned with <see cref="Start"/> slot by slot.</summary>
internal sealed record TrafficSeriesDto(
    string Subdomain,
    DateTimeOffset Start,
    long[] Legacy,
    long[] New,
    long[] LegacyErrors,
    long[] NewErrors);
