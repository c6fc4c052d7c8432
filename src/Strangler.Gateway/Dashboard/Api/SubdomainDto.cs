namespace Strangler.Gateway.Dashboard.Api;

/// <summary>One row of the overview.</summary>
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
    IReadOnlyList<SyncPipelineDto> Sync);
