namespace Strangler.Sync.Reconcile.Reading;

/// <summary>
/// One row read from a legacy table: its key, the value it was matched on (the root key, or a child's parent key),
/// and its columns, or the error that kept it from being read.
/// </summary>
internal sealed record LegacyRow(object Key, object Match, IReadOnlyDictionary<string, object?>? Columns, string? Error);
