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

    /// <summary>
    /// The column holds a secret (a password hash, an API key): it is projected as usual, but its values never appear in
    /// a reconcile report or an error message (dead letters, logs), where <c>[redacted]</c> stands in. Null (the default)
    /// treats a column as secret when its name or field name contains <c>password</c>, <c>passwd</c>, <c>secret</c>,
    /// <c>token</c>, <c>apikey</c>, <c>api_key</c> or <c>credential</c>; false shows one that only looks secret.
    /// </summary>
    public bool? Redact { get; init; }
}
