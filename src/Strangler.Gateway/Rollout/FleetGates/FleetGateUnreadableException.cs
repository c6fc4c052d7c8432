namespace Strangler.Gateway.Rollout.FleetGates;

/// <summary>The other replicas' published gate figures could not be read from the fleet's store.</summary>
internal sealed class FleetGateUnreadableException(string message, Exception inner) : Exception(message, inner);
