namespace Strangler.Sync.Projection;

/// <summary>A child table whose rows become items of an array embedded in the root document (e.g. addresses).</summary>
public sealed record ChildTableMapping
{
    /// <summary>The source table as <c>schema.table</c>, e.g. <c>dbo.Addresses</c>.</summary>
    public string Table { get; init; } = string.Empty;

    /// <summary>The Kafka topic carrying its changes.</summary>
    public string Topic { get; init; } = string.Empty;

    /// <summary>The array field in the root document, e.g. <c>addresses</c>.</summary>
    public string Array { get; init; } = string.Empty;

    /// <summary>The column of the child row holding the root row's key, e.g. <c>CustomerId</c>.</summary>
    public string ParentKeyColumn { get; init; } = string.Empty;

    /// <summary>Renames, conversions and exclusions by column name.</summary>
    public IReadOnlyDictionary<string, ColumnMapping> Columns { get; init; } = new Dictionary<string, ColumnMapping>();

    /// <summary>When false only the columns listed in <see cref="Columns"/> are kept.</summary>
    public bool IncludeUnmappedColumns { get; init; } = true;
}
