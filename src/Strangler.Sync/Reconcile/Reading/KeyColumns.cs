using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Sync.Reconcile.Reading;

/// <summary>Checks that a table's primary key is one column: documents and items are keyed by one value.</summary>
internal static class KeyColumns
{
    public static string Single(string table, IReadOnlyList<string> columns) => columns.Count switch
    {
        1 => columns[0],
        0 => throw new LegacySchemaException($"Table '{table}' does not exist or has no primary key: reconcile and load need one to page by."),
        _ => throw new LegacySchemaException(
            $"Table '{table}' has a composite primary key ({string.Join(", ", columns)}): reconcile and load page by a single key column."),
    };
}
