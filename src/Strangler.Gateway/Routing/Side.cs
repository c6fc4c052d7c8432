namespace Strangler.Gateway.Routing;

/// <summary>Which upstream served a request.</summary>
internal enum Side
{
    /// <summary>The legacy monolith.</summary>
    Legacy,

    /// <summary>The sub-domain's new service.</summary>
    New,
}
