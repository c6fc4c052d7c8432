using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Routing;

/// <summary>A route as served: its definition plus what the hot path should not recompute per request.</summary>
internal sealed class ActiveRoute(RouteDefinition definition)
{
    public RouteDefinition Definition { get; } = definition;

    public string Name => Definition.Name;

    public string LegacyPrefix { get; } = definition.Legacy.TrimEnd('/');

    public string NewPrefix { get; } = definition.New.TrimEnd('/');

    public string ServedByLegacy { get; } = $"legacy; rev={definition.Revision}";

    public string ServedByNew { get; } = $"new; rev={definition.Revision}";

    /// <summary>How this route shadows requests legacy serves; null when it does not.</summary>
    public Shadow.ShadowPlan? Shadow { get; } = Strangler.Gateway.Shadow.ShadowPlan.For(definition);
}
