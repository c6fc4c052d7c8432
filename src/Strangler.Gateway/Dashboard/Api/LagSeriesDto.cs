namespace Strangler.Gateway.Dashboard.Api;

/// <summary>One pipeline's lag series in seconds; null where no poll landed in the slot.</summary>
internal sealed record LagSeriesDto(string Pipeline, string Subdomain, DateTimeOffset Start, double?[] LagSeconds);
