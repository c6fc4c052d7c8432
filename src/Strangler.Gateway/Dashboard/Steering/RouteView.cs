namespace Strangler.Gateway.Dashboard.Steering;

/// <summary>A sub-domain's current route as the dashboard shows it.</summary>
internal sealed record RouteView(string Subdomain, string Mode, int CanaryPercentage, long Revision);
