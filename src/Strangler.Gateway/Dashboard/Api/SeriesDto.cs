namespace Strangler.Gateway.Dashboard.Api;

/// <summary>Plot data: per sub-domain, traffic and errors by side per slot; per sync pipeline, lag per slot.</summary>
internal sealed record SeriesDto(
    int SlotSeconds,
    IReadOnlyList<TrafficSeriesDto> Traffic,
    IReadOnlyList<LagSeriesDto> Lag);
