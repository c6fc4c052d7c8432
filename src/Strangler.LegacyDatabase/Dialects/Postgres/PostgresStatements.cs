using System.Text;

namespace Strangler.LegacyDatabase.Dialects.Postgres;

/// <summary>Builds PostgreSQL's batched statements; positional parameters <c>$1..$N</c> are text arrays, one per column.</summary>
internal static class PostgresStatements
{
    /// <summary>A plain insert that skips keys already present and returns the keys it inserted.</summary>
    public static string BuildClaim(PostgresDialect dialect, WriteGroup group, Func<string, string> typeOf) =>
        Build(dialect, group with { KnownAbsent = true }, typeOf) +
        $" ON CONFLICT ({dialect.QuoteIdentifier(group.KeyColumn)}) DO NOTHING RETURNING {dialect.QuoteIdentifier(group.KeyColumn)}::text";

    public static string Build(PostgresDialect dialect, WriteGroup group, Func<string, string> typeOf)
    {
        var table = dialect.QuoteTable(group.Table);
        var key = dialect.QuoteIdentifier(group.KeyColumn);
        if (group.Operation == WriteOperation.Delete)
        {
            return $"DELETE FROM {table} WHERE {key} IN (SELECT u::{typeOf(group.KeyColumn)} FROM unnest($1::text[]) AS u)";
        }

        var all = new[] { group.KeyColumn }.Concat(group.Columns).ToArray();
        var sql = new StringBuilder();
        sql.Append("INSERT INTO ").Append(table).Append(" (")
           .AppendJoin(", ", all.Select(dialect.QuoteIdentifier)).Append(") SELECT ")
           .AppendJoin(", ", all.Select((c, i) => $"u.c{i}::{typeOf(c)}"))
           .Append(" FROM unnest(").AppendJoin(", ", all.Select((_, i) => $"${i + 1}::text[]"))
           .Append(") AS u(").AppendJoin(", ", all.Select((_, i) => $"c{i}")).Append(')');
        if (group.KnownAbsent)
        {
            return sql.ToString();
        }
        sql.Append(" ON CONFLICT (").Append(key).Append(')');
        if (group.Columns.Count == 0)
        {
            return sql.Append(" DO NOTHING").ToString();
        }
        return sql.Append(" DO UPDATE SET ")
            .AppendJoin(", ", group.Columns.Select(c => $"{dialect.QuoteIdentifier(c)} = EXCLUDED.{dialect.QuoteIdentifier(c)}"))
            .ToString();
    }
}
