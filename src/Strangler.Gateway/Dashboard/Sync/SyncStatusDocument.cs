namespace Strangler.Gateway.Dashboard.Sync;

/// <summary>The body of a sync worker's status endpoint.</summary>
internal sealed record SyncStatusDocument
{
    public IReadOnlyList<SyncPipelineStatus>? Pipelines { get; init; }

    /// <summary>The continuous check's latest result per projection (absent from workers that do not run it).</summary>
    public IReadOnlyList<SyncDriftStatus>? Drift { get; init; }
}
