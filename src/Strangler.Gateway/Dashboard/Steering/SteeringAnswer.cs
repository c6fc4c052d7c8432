namespace Strangler.Gateway.Dashboard.Steering;

/// <summary>
/// The dashboard's answer to a flip or rollback it made: the route as it now is. <see cref="Changed"/> is false when
/// the route already was so, and nothing was recorded; the page says so instead of closing the dialog as if it acted.
/// </summary>
internal sealed record SteeringAnswer(string Subdomain, string Mode, int CanaryPercentage, long Revision, bool Changed);
