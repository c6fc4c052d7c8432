using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Fleet;

/// <summary>What <see cref="FleetStoreClient.ExportAsync"/> wrote.</summary>
public sealed record FleetExportResult
{
    /// <summary>The revision exported.</summary>
    public required long Revision { get; init; }

    /// <summary>The routes written, one file each.</summary>
    public required IReadOnlyList<RouteDefinition> Routes { get; init; }

    /// <summary>Route files removed because the state has no such sub-domain.</summary>
    public required IReadOnlyList<string> Removed { get; init; }
}
