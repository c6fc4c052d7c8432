using Strangler.Gateway.Dashboard.FleetTraffic;
using Strangler.Gateway.Dashboard.Sync;

namespace Strangler.Gateway.Dashboard.Api;

/// <summary>
/// Everything the overview shows, in one response so the page refreshes it with one request. <see cref="Fleet"/> is set
/// when a fleet store is configured: the figures are then the fleet's sum. <see cref="RoutesErrors"/> and
/// <see cref="RoutesErrorAt"/>: the last rejected route reload, one entry per error, and when it was read (the routes
/// shown are the last accepted). <see cref="RoutesLoaded"/>: false while the gateway has no route table at all.
/// <see cref="TakingOver"/>: this replica's id while its previous run's evidence is not read yet
/// (<see cref="Rollout.FleetGates.PredecessorEvidence"/>); the figures then lack it and the page shows none.
/// </summary>
internal sealed record OverviewDto(
    DateTimeOffset GeneratedAt,
    int WindowSeconds,
    HeadlineDto Headline,
    IReadOnlyList<SubdomainDto> Subdomains,
    bool SyncConfigured,
    IReadOnlyList<SyncSourceState> SyncSources,
    IReadOnlyList<string>? RoutesErrors,
    FleetTrafficDto? Fleet = null,
    DateTimeOffset? RoutesErrorAt = null,
    string? TakingOver = null,
    bool RoutesLoaded = true);
