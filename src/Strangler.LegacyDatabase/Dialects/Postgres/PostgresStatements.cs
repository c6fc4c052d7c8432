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
        if (group.Operation == WriteOperation.Update)
        {
            return BuildUpdate(dialect, group, typeOf);
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

    /// <summary>
    /// <c>UPDATE ... FROM unnest(...)</c>: one statement for the whole group, like the upsert; the count of rows it
    /// updated tells whether every key had a row (keys are unique within a group).
    /// </summary>
    public static string BuildUpdate(PostgresDialect dialect, WriteGroup group, Func<string, string> typeOf)
    {
        var all = new[] { group.KeyColumn }.Concat(group.Columns).ToArray();
        return new StringBuilder()
            .Append("UPDATE ").Append(dialect.QuoteTable(group.Table)).Append(" AS t SET ")
            .AppendJoin(", ", group.Columns.Select((c, i) => $"{dialect.QuoteIdentifier(c)} = u.c{i + 1}::{typeOf(c)}"))
            .Append(" FROM unnest(").AppendJoin(", ", all.Select((_, i) => $"${i + 1}::text[]"))
            .Append(") AS u(").AppendJoin(", ", all.Select((_, i) => $"c{i}")).Append(')')
            .Append(" WHERE t.").Append(dialect.QuoteIdentifier(group.KeyColumn)).Append(" = u.c0::").Append(typeOf(group.KeyColumn))
            .ToString();
    }

    /// <summary>
    /// The positions (0-based) of the keys of <c>$1</c> (text) that have no row in the group's table: positions rather
    /// than the keys' text, so that the caller names each missing row by the key it wrote, whatever form the engine
    /// would give it back in.
    /// </summary>
    public static string BuildMissingKeys(PostgresDialect dialect, WriteGroup group, Func<string, string> typeOf) =>
        $"SELECT u.i - 1 FROM unnest($1::text[]) WITH ORDINALITY AS u(k, i) WHERE NOT EXISTS (SELECT 1 FROM {dialect.QuoteTable(group.Table)} AS t " +
        $"WHERE t.{dialect.QuoteIdentifier(group.KeyColumn)} = u.k::{typeOf(group.KeyColumn)})";
}
