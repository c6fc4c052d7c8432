namespace Strangler.Gateway.Dashboard.FleetTraffic;

/// <summary>One replica's requests, errors and request rate on one side of one sub-domain over the overview window.</summary>
internal sealed record RouteSideCount(string Subdomain, string Side, long Requests, long Errors, double RequestsPerSecond);
