namespace Strangler.Gateway.Dashboard.Metrics;

/// <summary>One slot of a plotted series: its start time and the side's figures within it.</summary>
internal sealed record SeriesPoint(DateTimeOffset Start, long Requests, long Errors, double? P99Seconds);
