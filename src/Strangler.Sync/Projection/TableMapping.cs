namespace Strangler.Sync.Projection;

/// <summary>The root table of a projection: each of its rows is one document, its key the document id.</summary>
public sealed record TableMapping
{
    /// <summary>The source table as <c>schema.table</c>, e.g. <c>dbo.Customers</c>.</summary>
    public string Table { get; init; } = string.Empty;

    /// <summary>The Kafka topic carrying its changes, e.g. <c>legacy.dbo.Customers</c>.</summary>
    public string Topic { get; init; } = string.Empty;

    /// <summary>Renames, conversions and exclusions by column name; unlisted columns keep name and value.</summary>
    public IReadOnlyDictionary<string, ColumnMapping> Columns { get; init; } = new Dictionary<string, ColumnMapping>();

    /// <summary>When false only the columns listed in <see cref="Columns"/> are kept.</summary>
    public bool IncludeUnmappedColumns { get; init; } = true;
}
