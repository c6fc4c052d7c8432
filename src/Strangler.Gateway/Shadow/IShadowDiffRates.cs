namespace Strangler.Gateway.Shadow;

/// <summary>
/// The shadow comparison's outcome per sub-domain over time: what the dashboard's charts plot and the rollout gates
/// read. Registered by the shadow feature; a consumer that finds none registered treats shadow as off.
/// </summary>
public interface IShadowDiffRates
{
    /// <summary>
    /// Shadow requests of <paramref name="subdomain"/> compared in [<paramref name="windowStart"/>, <paramref name="windowEnd"/>),
    /// and how many of them differed beyond noise and ignored paths.
    /// </summary>
    ShadowDiffCounts Count(string subdomain, DateTimeOffset windowStart, DateTimeOffset windowEnd);
}
