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
}
