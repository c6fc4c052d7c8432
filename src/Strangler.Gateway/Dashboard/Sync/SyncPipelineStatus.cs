namespace Strangler.Gateway.Dashboard.Sync;

/// <summary>One pipeline as a sync worker reports it on <c>GET /_strangler/sync/status</c> (the shared contract).</summary>
internal sealed record SyncPipelineStatus
{
    public required string Name { get; init; }

    public string Kind { get; init; } = "";

    public string Subdomain { get; init; } = "";

    public long Applied { get; init; }

    public long Skipped { get; init; }

    public long DeadLettered { get; init; }

    public long Retried { get; init; }

    public double LagSeconds { get; init; }

    public long ConsumerLag { get; init; }
}
