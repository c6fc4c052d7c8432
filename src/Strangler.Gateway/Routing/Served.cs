using Strangler.Gateway.Metrics;

namespace Strangler.Gateway.Routing;

/// <summary>Which route and side finally answered a request, for the access log.</summary>
internal readonly record struct Served(string Route, string Side)
{
    /// <summary>Answered by the gateway itself (no route table yet, or a failure before forwarding).</summary>
    public static readonly Served NotForwarded = new("-", "gateway");

    public Served(string route, Routing.Side side)
        : this(route, GatewayMetrics.SideText(side))
    {
    }
}
