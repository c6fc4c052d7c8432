namespace Strangler.Gateway.Dashboard.Api;

/// <summary>Plot data: per sub-domain, traffic and errors by side per slot; per sync pipeline, lag per slot.</summary>
internal sealed record SeriesDto(
    int SlotSeconds,
    IReadOnlyList<TrafficSeriesDto> Traffic,
    IReadOnlyList<LagSeriesDto> Lag);

/// <summary>One sub-domain's traffic series; arrays are aligned with <see cref="Start"/> slot by slot.</summary>
internal sealed record TrafficSeriesDto(
    string Subdomain,
    DateTimeOffset Start,
    long[] Legacy,
    long[] New,
    long[] LegacyErrors,
    long[] NewErrors);

/// <summary>One pipeline's lag series in seconds; null where no poll landed in the slot.</summary>
internal sealed record LagSeriesDto(string Pipeline, string Subdomain, DateTimeOffset Start, double?[] LagSeconds);
