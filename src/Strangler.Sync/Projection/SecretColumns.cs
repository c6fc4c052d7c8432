namespace Strangler.Sync.Projection;

/// <summary>
/// Which columns hold secrets, whose values Strangler never writes into text it shows (a reconcile report, an error
/// message that becomes a dead letter's reason or a log line): <see cref="ColumnMapping.Redact"/> when set, else any
/// column or field whose name contains one of <see cref="Words"/>. The values themselves are projected and compared as
/// usual; only what people read is redacted.
/// </summary>
internal static class SecretColumns
{
    /// <summary>What stands in for a secret value.</summary>
    public const string Redacted = "[redacted]";

    /// <summary>Name parts that mark a secret when a column's mapping does not say (case-insensitive).</summary>
    public static readonly IReadOnlyList<string> Words = ["password", "passwd", "secret", "token", "apikey", "api_key", "credential"];

    /// <summary>Whether <paramref name="column"/>, mapped by <paramref name="mapping"/> (if listed), holds a secret.</summary>
    public static bool Covers(string column, ColumnMapping? mapping) =>
        mapping?.Redact ?? (LooksSecret(column) || (mapping?.Name is { } name && LooksSecret(name)));

    /// <summary>Whether the document field <paramref name="field"/> of a table mapped by <paramref name="columns"/> holds a secret.</summary>
    public static bool CoversField(IReadOnlyDictionary<string, ColumnMapping> columns, string field)
    {
        foreach (var (column, mapping) in columns)
        {
            if (!mapping.Ignore && (string.IsNullOrEmpty(mapping.Name) ? column : mapping.Name) == field)
            {
                return Covers(column, mapping);
            }
        }

        // An unmapped column keeps its name as the field's.
        return LooksSecret(field);
    }

    private static bool LooksSecret(string name) => Words.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase));
}
