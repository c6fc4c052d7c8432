namespace Strangler.Gateway.Rollout.FleetGates;

/// <summary>
/// One replica's row as read from the store: its id, how old it is by the store's clock, its gate slots, and whether
/// the replica stopped cleanly after publishing them (<see cref="Fleet.FleetLeave"/>). The JSON is a
/// <see cref="GateSlotsDocument"/>, null when the replica publishes none (a version without it).
/// </summary>
internal sealed record PublishedGateSlots(string ReplicaId, TimeSpan Age, string? Json, bool Left = false);
