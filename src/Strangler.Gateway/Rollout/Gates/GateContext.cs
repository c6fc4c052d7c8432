using Strangler.Gateway.Dashboard.Metrics;
using Strangler.Gateway.Rollout.Plan;
using Strangler.Gateway.Rollout.State;

namespace Strangler.Gateway.Rollout.Gates;

/// <summary>What one evaluation judges: both sides' traffic over the same window, the plan and the rollout so far.</summary>
internal sealed record GateContext(
    string Subdomain,
    RolloutPlan Plan,
    RolloutState State,
    DateTimeOffset From,
    DateTimeOffset To,
    SideFigures New,
    SideFigures Legacy)
{
    /// <summary>Null when both sides served enough requests to judge; else why not, with the counts.</summary>
    public string? TooLittleTraffic =>
        New.Requests >= Plan.MinRequests && Legacy.Requests >= Plan.MinRequests
            ? null
            : $"too little traffic: {New.Requests} new / {Legacy.Requests} legacy requests, {Plan.MinRequests} needed per side";
}
