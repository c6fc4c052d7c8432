namespace Strangler.Gateway.Configuration;

/// <summary>Where a sub-domain's traffic goes.</summary>
public enum RouteMode
{
    /// <summary>All traffic to the legacy monolith.</summary>
    Legacy,

    /// <summary>A sticky percentage of users to the new service, the rest to legacy.</summary>
    Canary,

    /// <summary>All traffic to the new service.</summary>
    New,
}
