namespace Strangler.Gateway.Dashboard.Api;

/// <summary>
/// A sub-domain's breaker on the page: <c>closed</c>, <c>open</c>, <c>half-open</c> (the next request for new is a
/// trial) or <c>trial</c> (that request is in flight); since when it has kept traffic off new (<see cref="OpenedAt"/>,
/// its first opening) and when the open period ends (<see cref="TrialAt"/>; for <c>half-open</c>, since when it is).
/// Both null when closed.
/// </summary>
internal sealed record BreakerDto(string State, DateTimeOffset? OpenedAt, DateTimeOffset? TrialAt);
