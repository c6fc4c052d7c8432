namespace Strangler.Gateway.Dashboard.Steering;

/// <summary>
/// A sub-domain's current route as the dashboard shows it. <see cref="LastChange"/> is the history entry that set the
/// revision being served (who, when, why), so the page says since when the route is what it is without contradicting
/// it; null when the history holds no entry for that revision.
/// </summary>
internal sealed record RouteView(string Subdomain, string Mode, int CanaryPercentage, long Revision, RouteChangeView? LastChange = null);
