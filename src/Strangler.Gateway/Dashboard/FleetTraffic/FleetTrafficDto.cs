namespace Strangler.Gateway.Dashboard.FleetTraffic;

/// <summary>
/// In the overview of a fleet: how many replicas' figures the rates and error rates sum, why not all if so, and the
/// replicas left out because they fell silent.
/// </summary>
internal sealed record FleetTrafficDto(int Replicas, string? Error, IReadOnlyList<string> Silent);
