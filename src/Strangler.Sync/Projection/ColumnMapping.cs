namespace Strangler.Sync.Projection;

/// <summary>How one source column lands in the document.</summary>
public sealed record ColumnMapping
{
    /// <summary>The document field name; the column name when empty.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// A conversion: <c>string</c>, <c>long</c>, <c>double</c>, <c>decimal</c>, <c>bool</c>, <c>date</c>,
    /// <c>datetime</c>, <c>epoch-days</c> (int days → date), <c>epoch-millis</c> (long ms → datetime); none keeps the
    /// decoded value.
    /// </summary>
    public string? Type { get; init; }

    /// <summary>Leave the column out of the document.</summary>
    public bool Ignore { get; init; }
}
