namespace Strangler.Sync.Backfill;

/// <summary>A declared mapping of one event type onto one legacy table.</summary>
public sealed record EventMappingOptions
{
    /// <summary>The legacy table, <c>table</c> or <c>schema.table</c>.</summary>
    public string Table { get; init; } = "";

    /// <summary>The table's key column.</summary>
    public string KeyColumn { get; init; } = "";

    /// <summary>Where the key comes from: empty for the event's <c>subject</c>, else a data field path (<c>customer.id</c>).</summary>
    public string? KeyField { get; init; }

    /// <summary>
    /// <c>upsert</c> (default: inserts a missing row, so the columns must cover every <c>NOT NULL</c> column without a
    /// default), <c>update</c> (sets only <see cref="Columns"/> in the existing row and never inserts; an event whose row
    /// is missing is dead-lettered naming the table and key) or <c>delete</c>.
    /// </summary>
    public string Operation { get; init; } = "upsert";

    /// <summary>Column to data field path (dots for nesting), e.g. <c>{"Name": "name", "City": "address.city"}</c>.</summary>
    public IReadOnlyDictionary<string, string> Columns { get; init; } = new Dictionary<string, string>();
}
