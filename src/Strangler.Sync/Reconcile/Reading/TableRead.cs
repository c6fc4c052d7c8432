namespace Strangler.Sync.Reconcile.Reading;

/// <summary>What to read of one table for a batch: the rows whose <paramref name="MatchColumn"/> is one of the batch's keys.</summary>
/// <param name="Table">The table as the dialect quotes it.</param>
/// <param name="MatchColumn">The root key column for the root table, the parent key column for a child table.</param>
/// <param name="KeyColumn">The table's own key column.</param>
/// <param name="KeyOnly">Read only <paramref name="KeyColumn"/> (whether the row exists), not every column.</param>
internal sealed record TableRead(string Table, string MatchColumn, string KeyColumn, bool KeyOnly = false);
