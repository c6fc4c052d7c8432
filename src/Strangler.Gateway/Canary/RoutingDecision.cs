using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Canary;

/// <summary>The side chosen for one request, made once at its start so a flip mid-request cannot move it.</summary>
internal readonly record struct RoutingDecision(Side Side, DecisionReason Reason);
