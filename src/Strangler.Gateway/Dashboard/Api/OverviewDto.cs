using Strangler.Gateway.Dashboard.FleetTraffic;
using Strangler.Gateway.Dashboard.Sync;

namespace Strangler.Gateway.Dashboard.Api;

/// <summary>
/// Everything the overview shows, in one response so the page refreshes it with one request. <see cref="Fleet"/> is set
/// when a fleet store is configured: the figures are then the fleet's sum.
/// </summary>
internal sealed record OverviewDto(
    DateTimeOffset GeneratedAt,
    int WindowSeconds,
    HeadlineDto Headline,
    IReadOnlyList<SubdomainDto> Subdomains,
    bool SyncConfigured,
    IReadOnlyList<SyncSourceState> SyncSources,
    string? RoutesError,
    FleetTrafficDto? Fleet = null);
