namespace Strangler.Gateway.Rollout.FleetGates;

/// <summary>
/// A replica that stopped cleanly and whose last figures the window still reaches: how long ago it published them (its
/// leaving) by the store's clock, and when that was on the evaluating replica's.
/// </summary>
internal sealed record LeftReplica(string Replica, TimeSpan Since, DateTimeOffset LastFigures);
