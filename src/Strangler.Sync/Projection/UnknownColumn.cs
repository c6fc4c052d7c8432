namespace Strangler.Sync.Projection;

/// <summary>
/// Says that a projection setting names a column its table does not have. Such a mapping is not an error to the
/// projection itself (a row simply never has that column), so a typo or the wrong case (<c>Price</c> for PostgreSQL's
/// <c>price</c>) left the column unconverted, unrenamed, or, under <c>Ignore</c>, copied into the store.
/// </summary>
internal static class UnknownColumn
{
    /// <summary>
    /// What is wrong with <paramref name="column"/> among <paramref name="columns"/>, naming the one meant when only the
    /// case differs; null when the table has it.
    /// </summary>
    public static string? Describe(string setting, string column, string table, IReadOnlyCollection<string> columns)
    {
        if (columns.Contains(column, StringComparer.Ordinal))
        {
            return null;
        }

        var hint = columns.FirstOrDefault(c => string.Equals(c, column, StringComparison.OrdinalIgnoreCase)) is { } meant
            ? $"; did you mean '{meant}'? Column names match exactly, case included"
            : string.Empty;
        return $"{setting}: table '{table}' has no column '{column}'{hint} (its columns: {string.Join(", ", columns)})";
    }
}
