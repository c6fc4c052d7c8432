namespace Strangler.Gateway.Dashboard.Sync;

/// <summary>The dashboard's view of one pipeline: last reported figures, applied rate between polls, source.</summary>
internal sealed record SyncPipelineView(
    SyncPipelineStatus Status,
    string Source,
    double AppliedPerSecond,
    DateTimeOffset ReportedAt);
