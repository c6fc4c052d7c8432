namespace Strangler.Gateway.Dashboard.Sync;

/// <summary>Whether a sync worker answered its last poll, and why not if it did not.</summary>
internal sealed record SyncSourceState(string Url, bool Reachable, string? Error, DateTimeOffset? LastSuccess);
