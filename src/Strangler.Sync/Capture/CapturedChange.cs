namespace Strangler.Sync.Capture;

/// <summary>One row of the SQLite change table; <c>Origin</c> is that of a Strangler write (<c>backfill</c>), null for the monolith's.</summary>
internal sealed record CapturedChange(
    long Sequence, string Table, string Op, string KeyJson, string? BeforeJson, string? AfterJson, DateTimeOffset CapturedAt, string? Origin);
