using Strangler.Gateway.Dashboard.Metrics;
using Strangler.Gateway.Rollout.Plan;
using Strangler.Gateway.Rollout.State;
using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Rollout.Gates;

/// <summary>
/// What one evaluation judges: both sides' traffic over the same window, the plan and the rollout so far. In a fleet,
/// the traffic is every fresh replica's (<see cref="Replicas"/>), or, when it could not be summed, this replica's
/// with <see cref="FleetError"/> saying why, and the traffic gates stay inconclusive.
/// </summary>
internal sealed record GateContext(
    string Subdomain,
    RolloutPlan Plan,
    RolloutState State,
    DateTimeOffset From,
    DateTimeOffset To,
    SideFigures New,
    SideFigures Legacy)
{
    /// <summary>Replicas whose traffic <see cref="New"/> and <see cref="Legacy"/> sum; null for a single gateway.</summary>
    public int? Replicas { get; init; }

    /// <summary>Shadow comparisons the other replicas published for the window; the diff gate adds this replica's own.</summary>
    public ShadowDiffCounts OthersDiff { get; init; }

    /// <summary>Why the fleet's traffic could not be summed; null when it was, or for a single gateway.</summary>
    public string? FleetError { get; init; }

    /// <summary>Null when both sides served enough requests to judge; else why not, with the counts.</summary>
    public string? TooLittleTraffic =>
        New.Requests >= Plan.MinRequests && Legacy.Requests >= Plan.MinRequests
            ? null
            : $"too little traffic: {New.Requests} new / {Legacy.Requests} legacy requests{Scope}, {Plan.MinRequests} needed per side";

    /// <summary>Why the traffic cannot be judged: the fleet's figures are missing, or there is too little traffic.</summary>
    public string? Unjudged => FleetError ?? TooLittleTraffic;

    /// <summary>Whose traffic the figures are, as the gates' values say it: <c> over 3 replicas</c>; empty alone.</summary>
    public string Scope => Replicas is { } n ? $" over {n} replica{(n == 1 ? "" : "s")}" : "";
}
