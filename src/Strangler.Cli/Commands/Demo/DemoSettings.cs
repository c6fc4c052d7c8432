using Strangler.Gateway;
namespace Strangler.Cli.Commands.Demo;

/// <summary>How <c>strangler demo</c> lays out its processes and files. Port 0 picks a free port.</summary>
internal sealed record DemoSettings
{
    /// <summary>The gateway's port (the one a browser or curl talks to).</summary>
    public int GatewayPort { get; init; } = 5100;

    /// <summary>The legacy monolith's port.</summary>
    public int LegacyPort { get; init; } = 5101;

    /// <summary>The new Customers service's port.</summary>
    public int CustomersPort { get; init; } = 5102;

    /// <summary>The sync worker's port (its status endpoint, read by the dashboard).</summary>
    public int SyncPort { get; init; } = 5103;

    /// <summary>Where the demo keeps its databases and its copy of the route files.</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>The route files the demo starts from (copied, so flips never change them).</summary>
    public required string RoutesSource { get; init; }

    /// <summary>The admin API token; a random one is made when null.</summary>
    public string? AdminToken { get; init; }

    /// <summary>The response header naming the side that served a request.</summary>
    public string ServedByHeader { get; init; } = StranglerWire.ServedByHeader;
}
