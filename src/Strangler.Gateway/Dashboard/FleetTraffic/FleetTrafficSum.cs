namespace Strangler.Gateway.Dashboard.FleetTraffic;

/// <summary>
/// The fleet's traffic over the overview window: requests, errors and rates per (sub-domain, side), summed over
/// <see cref="Replicas"/> replicas (this one included); <see cref="Error"/> says why only this replica's are in it;
/// <see cref="Silent"/> names the replicas left out because their figures stopped coming (<c>gw-2 silent for 42 s</c>).
/// </summary>
internal sealed record FleetTrafficSum(int Replicas, IReadOnlyDictionary<(string Subdomain, string Side), RouteSideCount> Counts,
    string? Error, IReadOnlyList<string> Silent);
