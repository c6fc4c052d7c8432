namespace Strangler.Gateway.Dashboard.Sync;

/// <summary>The body of a sync worker's status endpoint.</summary>
internal sealed record SyncStatusDocument
{
    public IReadOnlyList<SyncPipelineStatus>? Pipelines { get; init; }
}
