namespace Strangler.Gateway.Rollout.FleetGates;

/// <summary>
/// A replica that published figures before and has published none within the freshness bound: how long it has been
/// silent and when its last figures came (both by the store's clock, the time on the evaluating replica's). Once
/// silent longer than <see cref="Fleet.FleetOptions.ReplicaGoneAfter"/> it is <see cref="Gone"/>: no longer waited for.
/// </summary>
internal sealed record SilentReplica(string Replica, TimeSpan Silence, DateTimeOffset LastFigures, bool Gone);
