namespace Strangler.LegacyDatabase.Dialects;

/// <summary>One change to one row of a legacy table, keyed by a single key column.</summary>
public sealed record RowWrite
{
    /// <summary>Table name, optionally schema-qualified (<c>dbo.Customers</c>); quoted by the dialect.</summary>
    public required string Table { get; init; }

    /// <summary>The key column (primary key or unique) that identifies the row.</summary>
    public required string KeyColumn { get; init; }

    /// <summary>The key value.</summary>
    public required object Key { get; init; }

    /// <summary>Upsert, update or delete.</summary>
    public required WriteOperation Operation { get; init; }

    /// <summary>Columns set by an upsert or an update (without the key column); ignored by a delete.</summary>
    public IReadOnlyDictionary<string, object?> Columns { get; init; } = new Dictionary<string, object?>();
}
