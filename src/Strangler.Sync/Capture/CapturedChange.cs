namespace Strangler.Sync.Capture;

/// <summary>One row of the SQLite change table.</summary>
internal sealed record CapturedChange(long Sequence, string Table, string Op, string KeyJson, string? BeforeJson, string? AfterJson, DateTimeOffset CapturedAt);
