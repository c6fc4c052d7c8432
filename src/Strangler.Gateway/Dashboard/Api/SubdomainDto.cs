using Strangler.Gateway.Dashboard.Steering;

namespace Strangler.Gateway.Dashboard.Api;

/// <summary>
/// One row of the overview. <see cref="Fallbacks"/> counts the window's; <see cref="FallbacksSince"/> and
/// <see cref="LastFallbackAt"/> give the latest run of fallbacks (null before the first). <see cref="LastChange"/>: the
/// history entry that set the revision served now.
/// </summary>
internal sealed record SubdomainDto(
    string Name,
    string? Mode,
    int CanaryPercentage,
    long? Revision,
    double? NewShare,
    SideDto Legacy,
    SideDto New,
    long Fallbacks,
    bool? BreakerOpen,
    IReadOnlyList<SyncPipelineDto> Sync,
    BreakerDto Breaker,
    DateTimeOffset? FallbacksSince,
    DateTimeOffset? LastFallbackAt,
    RouteChangeView? LastChange);
