namespace Strangler.Gateway.Dashboard.Steering;

/// <summary>
/// One entry of the route audit trail: who changed which sub-domain when, from what to what, and why.
/// <see cref="From"/> is null when the sub-domain was added, <see cref="To"/> and <see cref="Revision"/> when removed.
/// </summary>
internal sealed record RouteChangeView(
    long? Revision,
    string Subdomain,
    string Action,
    string Actor,
    DateTimeOffset At,
    string? From,
    string? To,
    string Reason);
