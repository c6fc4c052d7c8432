namespace Strangler.LegacyDatabase.Dialects;

/// <summary>
/// Rows of one table with the same operation and the same column set, written by one multi-row statement.
/// Keys are unique within a group (see <see cref="WritePlanner"/>), which PostgreSQL's and SQL Server's upserts need,
/// and which lets an update tell a missing row by the count of rows it changed.
/// </summary>
public sealed record WriteGroup
{
    /// <summary>Table name as given in the mapping.</summary>
    public required string Table { get; init; }

    /// <summary>The key column.</summary>
    public required string KeyColumn { get; init; }

    /// <summary>Upsert, update or delete.</summary>
    public required WriteOperation Operation { get; init; }

    /// <summary>Non-key columns, in a fixed order (empty for deletes).</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>
    /// The caller has read, in the same transaction, that none of the keys exists yet, so an engine may use a plain
    /// insert instead of an upsert (PostgreSQL does: it skips ON CONFLICT's speculative insertion). A concurrent writer
    /// that inserts the same key first then makes the insert fail with a unique violation; the PostgreSQL dialect
    /// classifies that as transient for Strangler's own <c>strangler_*</c> tables, and the retry sees the row. Engines
    /// that ignore the flag upsert as usual, which is equally correct.
    /// </summary>
    public bool KnownAbsent { get; init; }

    /// <summary>One entry per row: the key, then the values in <see cref="Columns"/> order.</summary>
    public required IReadOnlyList<object?[]> Rows { get; init; }
}
