using Microsoft.Extensions.DependencyInjection;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// The one answer to "is shadow traffic on for this sub-domain?", read by the detail charts, the rollout's diff gate
/// and its warnings, so they never disagree: a comparison is registered (<see cref="IShadowDiffRates"/>), and the
/// serving route has a <c>shadow</c> block in a mode legacy still serves (legacy or canary; in new mode the block is
/// kept but idle).
/// </summary>
internal static class ShadowActivity
{
    public static bool IsOn(IServiceProvider services, string subdomain) =>
        services.GetService<IShadowDiffRates>() is not null
        && services.GetService<RouteTableStore>()?.Current?.Find(subdomain)?.Definition is { Shadow: not null, Mode: not RouteMode.New };
}
