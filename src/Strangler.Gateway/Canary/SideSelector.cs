using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Breakers;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Override;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Canary;

/// <summary>
/// Decides legacy or new for one request. Only the route, the user key and a validly signed override token take part:
/// no other header can steer a request.
/// </summary>
internal sealed class SideSelector(OverrideTokens overrides, BreakerRegistry breakers, ICanaryRandom random, ClientIdCookie clientId,
    IOptions<GatewayOptions> options)
{
    private readonly string _overrideHeader = options.Value.OverrideHeader;

    public RoutingDecision Decide(HttpContext context, ActiveRoute route)
    {
        var definition = route.Definition;
        if (context.Request.Headers.TryGetValue(_overrideHeader, out var token)
            && overrides.IsValidFor(token.ToString(), route.Name))
        {
            return new(Side.New, DecisionReason.Override);
        }

        var decision = definition.Mode switch
        {
            RouteMode.New => new RoutingDecision(Side.New, DecisionReason.Mode),
            RouteMode.Canary => new RoutingDecision(CanarySide(context, definition), DecisionReason.Canary),
            _ => new RoutingDecision(Side.Legacy, DecisionReason.Mode),
        };

        if (decision.Side == Side.New && !breakers.For(route.Name).TryAllow())
        {
            return new(Side.Legacy, DecisionReason.BreakerOpen);
        }

        return decision;
    }

    private Side CanarySide(HttpContext context, RouteDefinition definition)
    {
        // Without the route's user key, the gateway's client cookie keeps the browser on one side; only when that
        // cookie is turned off is every such request decided afresh.
        var key = UserKeyResolver.Resolve(context, definition.UserKey)
            ?? (clientId.Enabled ? clientId.Resolve(context) : null);
        var bucket = key is null ? random.NextBucket() : CanaryBucket.Of(definition.EffectiveCohort, key);
        return CanaryBucket.IsNew(bucket, definition.CanaryPercentage) ? Side.New : Side.Legacy;
    }
}
