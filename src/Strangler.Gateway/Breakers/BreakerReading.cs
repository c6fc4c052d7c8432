namespace Strangler.Gateway.Breakers;

/// <summary>
/// A breaker as a person reads it: its <see cref="State"/>, since when it has kept traffic off the new side
/// (<see cref="OpenedAt"/>: its first opening, kept through failed trials; null when closed) and when its open period
/// ends and a trial may go (<see cref="TrialAt"/>: once half-open, since when it is; null when closed).
/// </summary>
internal sealed record BreakerReading(BreakerState State, DateTimeOffset? OpenedAt, DateTimeOffset? TrialAt);
