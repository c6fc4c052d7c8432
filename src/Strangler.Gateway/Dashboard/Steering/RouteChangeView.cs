namespace Strangler.Gateway.Dashboard.Steering;

/// <summary>One entry of the route audit trail: who changed which sub-domain when, from what to what, and why.</summary>
internal sealed record RouteChangeView(
    long Revision,
    string Subdomain,
    string Actor,
    DateTimeOffset At,
    string From,
    string To,
    string Reason);
