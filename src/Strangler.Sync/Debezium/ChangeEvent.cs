namespace Strangler.Sync.Debezium;

/// <summary>One decoded Debezium change: which row of which table, what happened, and where in the source log.</summary>
public sealed record ChangeEvent
{
    /// <summary>The source table as <c>schema.table</c>, e.g. <c>dbo.Customers</c>.</summary>
    public required string Table { get; init; }

    /// <summary>What happened.</summary>
    public required ChangeOperation Op { get; init; }

    /// <summary>The row key columns (from the message key); empty for a truncate.</summary>
    public IReadOnlyDictionary<string, object?> Key { get; init; } = new Dictionary<string, object?>();

    /// <summary>The row before the change (updates and deletes, when the source logs it).</summary>
    public IReadOnlyDictionary<string, object?>? Before { get; init; }

    /// <summary>The row after the change (creates, updates, snapshot reads).</summary>
    public IReadOnlyDictionary<string, object?>? After { get; init; }

    /// <summary>Where the change sits in the source log; orders changes to one row.</summary>
    public required SourcePosition Position { get; init; }

    /// <summary>When the change happened in the source database (<c>source.ts_ms</c>), if known.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>True for rows of the initial snapshot.</summary>
    public bool Snapshot { get; init; }

    /// <summary>
    /// The source transaction that made the change, if the message says: PostgreSQL's <c>source.txId</c> (decimal),
    /// SQL Server's <c>source.commit_lsn</c>. The echo filter matches it against the backfill's transactions.
    /// </summary>
    public string? TransactionId { get; init; }

    /// <summary>
    /// Set when the change is Strangler's own write and the message says so: Strangler's SQLite capture marks the
    /// backfill's deletes with <c>source.strangler_origin</c> (<c>backfill</c>). Null for every Debezium connector,
    /// whose echoes the echo filter finds by <see cref="TransactionId"/> instead.
    /// </summary>
    public string? Origin { get; init; }
}
