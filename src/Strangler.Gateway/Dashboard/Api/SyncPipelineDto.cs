using Strangler.Gateway.Dashboard.Sync;

namespace Strangler.Gateway.Dashboard.Api;

/// <summary>A projection or backfill feeding a sub-domain, as last reported by its sync worker.</summary>
internal sealed record SyncPipelineDto(
    string Name,
    string Kind,
    string Subdomain,
    double LagSeconds,
    long ConsumerLag,
    long Applied,
    double AppliedPerSecond,
    long Skipped,
    long DeadLettered,
    long Retried,
    string Source,
    bool SourceReachable,
    DateTimeOffset? LastProgress,
    double? SinceProgressSeconds,
    bool Stalled,
    IReadOnlyList<SyncCommittedOffset> CommittedOffsets,
    SyncDriftStatus? Drift = null,
    double? LagAgeSeconds = null,
    SyncKafkaStatus? Kafka = null,
    DriftPeerDto? DriftPeerCatchingUp = null,
    SyncBatchFailing? Failing = null);
