namespace Strangler.Gateway.Rollout.FleetGates;

/// <summary>
/// A summed replica whose clock ran a fine slot or more from the evaluating replica's: by how much (its clock minus this
/// one's, so positive when it runs ahead). Its figures were moved onto this clock (<see cref="ClockOffset"/>).
/// </summary>
internal sealed record ReplicaClock(string Replica, TimeSpan Offset);
