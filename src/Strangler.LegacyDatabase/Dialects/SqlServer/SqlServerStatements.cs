using System.Text;

namespace Strangler.LegacyDatabase.Dialects.SqlServer;

/// <summary>Builds SQL Server's batched statements; parameters are numbered row by row, <c>@p0..@pN</c>.</summary>
internal static class SqlServerStatements
{
    public const string MarkSyncOrigin =
        "INSERT INTO [strangler_sync_origin] ([tx_id], [origin]) VALUES (CURRENT_TRANSACTION_ID(), N'backfill');";

    public static string Build(SqlServerDialect dialect, WriteGroup group, int rowCount)
    {
        var table = dialect.QuoteTable(group.Table);
        var key = dialect.QuoteIdentifier(group.KeyColumn);
        if (group.Operation == WriteOperation.Delete)
        {
            return $"DELETE FROM {table} WHERE {key} IN ({string.Join(", ", Enumerable.Range(0, rowCount).Select(i => "@p" + i))});";
        }

        if (group.Operation == WriteOperation.Update)
        {
            return BuildUpdate(dialect, group, rowCount);
        }

        var width = group.Columns.Count + 1;
        var all = new[] { key }.Concat(group.Columns.Select(dialect.QuoteIdentifier)).ToArray();
        var sql = new StringBuilder();
        sql.Append("MERGE INTO ").Append(table).Append(" WITH (HOLDLOCK) AS t USING (VALUES ");
        for (var r = 0; r < rowCount; r++)
        {
            sql.Append(r == 0 ? "(" : ", (")
               .AppendJoin(", ", Enumerable.Range(r * width, width).Select(i => "@p" + i)).Append(')');
        }
        sql.Append(") AS s (").AppendJoin(", ", all).Append(") ON t.").Append(key).Append(" = s.").Append(key);
        if (group.Columns.Count > 0)
        {
            sql.Append(" WHEN MATCHED THEN UPDATE SET ")
               .AppendJoin(", ", all.Skip(1).Select(c => $"t.{c} = s.{c}"));
        }
        sql.Append(" WHEN NOT MATCHED THEN INSERT (").AppendJoin(", ", all)
           .Append(") VALUES (").AppendJoin(", ", all.Select(c => "s." + c)).Append(");");
        return sql.ToString();
    }

    /// <summary>
    /// <c>UPDATE ... FROM</c> a join with a multi-row VALUES source, then <c>SELECT @@ROWCOUNT</c>: the rows this
    /// statement updated, which the driver's own count is not (it adds the rows a trigger touched, and is -1 under
    /// <c>SET NOCOUNT ON</c>). Keys are unique within a group, so fewer rows than keys means a key had no row.
    /// </summary>
    public static string BuildUpdate(SqlServerDialect dialect, WriteGroup group, int rowCount)
    {
        var width = group.Columns.Count + 1;
        var all = new[] { dialect.QuoteIdentifier(group.KeyColumn) }.Concat(group.Columns.Select(dialect.QuoteIdentifier)).ToArray();
        return new StringBuilder()
            .Append("UPDATE t SET ").AppendJoin(", ", all.Skip(1).Select(c => $"t.{c} = s.{c}"))
            .Append(" FROM ").Append(dialect.QuoteTable(group.Table)).Append(" AS t INNER JOIN (").Append(Values(rowCount, width))
            .Append(") AS s (").AppendJoin(", ", all).Append(") ON t.").Append(all[0]).Append(" = s.").Append(all[0])
            .Append("; SELECT @@ROWCOUNT;")
            .ToString();
    }

    /// <summary>
    /// The positions (0-based) of the keys among <c>@p0..@pN</c> that have no row in the group's table: positions rather
    /// than the keys' text, so that the caller names each missing row by the key it wrote (SQL Server's text of a
    /// uniqueidentifier is upper case).
    /// </summary>
    public static string BuildMissingKeys(SqlServerDialect dialect, WriteGroup group, int rowCount) =>
        $"SELECT s.i FROM (VALUES {string.Join(", ", Enumerable.Range(0, rowCount).Select(r => $"({r}, @p{r})"))}) AS s (i, k) WHERE NOT EXISTS " +
        $"(SELECT 1 FROM {dialect.QuoteTable(group.Table)} AS t WHERE t.{dialect.QuoteIdentifier(group.KeyColumn)} = s.k);";

    private static string Values(int rowCount, int width) => "VALUES " + string.Join(", ", Enumerable.Range(0, rowCount)
        .Select(r => "(" + string.Join(", ", Enumerable.Range(r * width, width).Select(i => "@p" + i)) + ")"));
}
