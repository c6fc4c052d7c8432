using System.Text;

namespace Strangler.LegacyDatabase.Dialects.Sqlite;

/// <summary>Builds SQLite's multi-row statements; parameters are numbered row by row, <c>@p0..@pN</c>.</summary>
internal static class SqliteStatements
{
    public static string Build(SqliteDialect dialect, WriteGroup group, int rowCount)
    {
        var table = dialect.QuoteTable(group.Table);
        var key = dialect.QuoteIdentifier(group.KeyColumn);
        if (group.Operation == WriteOperation.Delete)
        {
            return $"DELETE FROM {table} WHERE {key} IN ({string.Join(", ", Enumerable.Range(0, rowCount).Select(i => "@p" + i))})";
        }

        if (group.Operation == WriteOperation.Update)
        {
            return BuildUpdate(dialect, group, rowCount);
        }

        var width = group.Columns.Count + 1;
        var sql = new StringBuilder();
        sql.Append("INSERT INTO ").Append(table).Append(" (").Append(key);
        foreach (var column in group.Columns)
        {
            sql.Append(", ").Append(dialect.QuoteIdentifier(column));
        }
        sql.Append(") VALUES ");
        for (var r = 0; r < rowCount; r++)
        {
            sql.Append(r == 0 ? "(" : ", (")
               .AppendJoin(", ", Enumerable.Range(r * width, width).Select(i => "@p" + i)).Append(')');
        }
        sql.Append(" ON CONFLICT (").Append(key).Append(')');
        if (group.Columns.Count == 0)
        {
            return sql.Append(" DO NOTHING").ToString();
        }
        return sql.Append(" DO UPDATE SET ")
            .AppendJoin(", ", group.Columns.Select(c => $"{dialect.QuoteIdentifier(c)} = excluded.{dialect.QuoteIdentifier(c)}"))
            .ToString();
    }

    /// <summary>
    /// <c>UPDATE ... FROM (VALUES ...)</c> (SQLite 3.33 and later; the bundled library is newer): the number of rows it
    /// changed tells whether every key had a row (keys are unique within a group). A VALUES list names its columns
    /// <c>column1..N</c>.
    /// </summary>
    public static string BuildUpdate(SqliteDialect dialect, WriteGroup group, int rowCount)
    {
        var width = group.Columns.Count + 1;
        return new StringBuilder()
            .Append("UPDATE ").Append(dialect.QuoteTable(group.Table)).Append(" AS t SET ")
            .AppendJoin(", ", group.Columns.Select((c, i) => $"{dialect.QuoteIdentifier(c)} = v.column{i + 2}"))
            .Append(" FROM (").Append(Values(rowCount, width)).Append(") AS v WHERE t.")
            .Append(dialect.QuoteIdentifier(group.KeyColumn)).Append(" = v.column1")
            .ToString();
    }

    /// <summary>
    /// The positions (0-based) of the keys among <c>@p0..@pN</c> that have no row in the group's table: positions rather
    /// than the keys' text, so that the caller names each missing row by the key it wrote (SQLite's text of a decimal or
    /// a blob key is not that).
    /// </summary>
    public static string BuildMissingKeys(SqliteDialect dialect, WriteGroup group, int rowCount) =>
        $"SELECT v.column1 FROM (VALUES {string.Join(", ", Enumerable.Range(0, rowCount).Select(r => $"({r}, @p{r})"))}) AS v " +
        $"WHERE NOT EXISTS (SELECT 1 FROM {dialect.QuoteTable(group.Table)} AS t WHERE t.{dialect.QuoteIdentifier(group.KeyColumn)} = v.column2)";

    private static string Values(int rowCount, int width) => "VALUES " + string.Join(", ", Enumerable.Range(0, rowCount)
        .Select(r => "(" + string.Join(", ", Enumerable.Range(r * width, width).Select(i => "@p" + i)) + ")"));
}
