namespace Strangler.Gateway.Rollout.FleetGates;

/// <summary>
/// A stall the rollout's evaluation names: whose (a replica's id as the fleet shows it; null for the evaluating
/// gateway itself), when it ended, how long it lasted, and the requests in flight then that were left out.
/// </summary>
internal sealed record ReplicaStall(string? Replica, DateTimeOffset EndedAt, TimeSpan Length, long Excluded);
