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
}
