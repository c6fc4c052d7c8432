namespace Strangler.Gateway.Dashboard.FleetTraffic;

/// <summary>In the overview of a fleet: how many replicas' figures the rates and error rates sum, and why not all if so.</summary>
internal sealed record FleetTrafficDto(int Replicas, string? Error);
