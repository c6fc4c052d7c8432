namespace Strangler.Gateway.Dashboard.Api;

/// <summary>One side of a sub-domain over the overview window.</summary>
internal sealed record SideDto(long Requests, double RequestsPerSecond, double ErrorRate, double? P99Ms);
