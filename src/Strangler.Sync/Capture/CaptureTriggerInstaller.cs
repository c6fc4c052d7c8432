using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Strangler.Sync.Capture;

/// <summary>
/// (Re)creates the capture triggers of the configured tables from their current columns. Inserts and updates made by
/// Strangler's own backfill (a row present in <c>strangler_sync_origin</c> inside its transaction) are not captured:
/// no echo. Its deletes are, marked with that row's origin: the projection takes them as echoes that confirm the new
/// service's tombstones (as the echo filter does for Debezium), so a key the monolith later uses again comes through.
/// </summary>
internal static class CaptureTriggerInstaller
{
    public const string ChangeTable = "strangler_capture_changes";
    public const string OriginTable = "strangler_sync_origin";

    /// <summary>The change table's column holding the origin of a Strangler write (migration 0101); NULL for the monolith's.</summary>
    public const string OriginColumn = "origin";

    private const string CaptureKey = "Strangler:Sync:Capture";
    private const string TablesKey = CaptureKey + ":Tables";
    private const string ConnectionKey = CaptureKey + ":ConnectionString";

    /// <summary>
    /// Installs the triggers and returns the tables as the database spells them, which is how their changes name them
    /// (and so their topics). SQLite matches table names whatever their case: a configured <c>invoices</c> for a table
    /// declared <c>Invoices</c> used to record its changes as <c>invoices</c>, to a topic no projection read.
    /// </summary>
    /// <exception cref="OptionsValidationException">Every table missing or without a key, and a database not migrated, at once.</exception>
    public static IReadOnlyList<string> Install(SqliteConnection connection, IReadOnlyList<string> tables)
    {
        var problems = new List<string>();
        foreach (var required in new[] { ChangeTable, OriginTable })
        {
            if (!TableExists(connection, required))
            {
                problems.Add($"{ConnectionKey}: table '{required}' is missing from its database (run `strangler migrate` for the sqlite provider)");
            }
        }

        if (TableExists(connection, ChangeTable) && !Columns(connection, ChangeTable).Any(c => c.Name == OriginColumn))
        {
            // A database migrated before 0101: the old triggers still work, but the backfill's deletes need the column.
            problems.Add($"{ConnectionKey}: table '{ChangeTable}' has no column '{OriginColumn}' (run `strangler migrate` for the sqlite provider: it adds it)");
        }

        var columnsByTable = new Dictionary<string, List<(string Name, bool Key)>>();
        foreach (var configured in tables)
        {
            if (DeclaredName(connection, configured) is not { } table)
            {
                problems.Add($"{TablesKey}: table '{configured}' does not exist (the database's tables: {string.Join(", ", MonolithTables(connection))})");
                continue;
            }

            var columns = Columns(connection, table);
            if (!columns.Any(c => c.Key))
            {
                problems.Add($"{TablesKey}: table '{table}' has no primary key, so its changes cannot be keyed");
            }

            columnsByTable[table] = columns;
        }

        if (problems.Count > 0)
        {
            // A configuration mistake (the CLI's exit code 2, one line naming each key), not a crash of the host.
            throw new OptionsValidationException(CaptureKey, typeof(CaptureOptions), problems);
        }

        using var transaction = connection.BeginTransaction();
        foreach (var (table, columns) in columnsByTable)
        {
            Execute(connection, transaction, Triggers(table, columns));
        }

        transaction.Commit();
        return [.. columnsByTable.Keys];
    }

    internal static string Triggers(string table, IReadOnlyList<(string Name, bool Key)> columns)
    {
        string Row(string alias) => "json_object(" + string.Join(", ", columns.Select(c => $"{Literal(c.Name)}, {Value(alias, c.Name)}")) + ")";
        string KeyOf(string alias) => "json_object(" + string.Join(", ", columns.Where(c => c.Key).Select(c => $"{Literal(c.Name)}, {Value(alias, c.Name)}")) + ")";
        const string monolith = $"NOT EXISTS (SELECT 1 FROM {OriginTable})";
        // Inserts and updates are the monolith's only; a delete is recorded whoever made it, with the backfill's origin
        // when it made it. Only a delete can be of use as an echo (it confirms a tombstone); an echoed upsert would
        // be published only for every consumer to drop it.
        string Upsert(string op, string key, string before, string after, string? when = null) =>
            $"  INSERT INTO {ChangeTable} (table_name, op, key_json, before_json, after_json) SELECT {Literal(table)}, '{op}', {key}, {before}, {after}"
            + $" WHERE {monolith}" + (when is null ? ";" : $" AND {when};");
        string Delete(string key, string before, string? when = null) =>
            $"  INSERT INTO {ChangeTable} (table_name, op, key_json, before_json, after_json, {OriginColumn}) SELECT {Literal(table)}, 'd', {key}, {before}, NULL, "
            + $"(SELECT origin FROM {OriginTable} LIMIT 1)" + (when is null ? ";" : $" WHERE {when};");
        var sql = new StringBuilder();
        foreach (var (name, timing) in new[] { ("insert", "INSERT"), ("update", "UPDATE"), ("delete", "DELETE") })
        {
            var trigger = Identifier($"strangler_capture_{table}_{name}");
            sql.AppendLine($"DROP TRIGGER IF EXISTS {trigger};");
            sql.AppendLine($"CREATE TRIGGER {trigger} AFTER {timing} ON {Identifier(table)} BEGIN");
            switch (name)
            {
                case "insert":
                    sql.AppendLine(Upsert("c", KeyOf("NEW"), "NULL", Row("NEW")));
                    break;
                case "delete":
                    sql.AppendLine(Delete(KeyOf("OLD"), Row("OLD")));
                    break;
                default:
                    // A key change is a delete of the old key and a create of the new one, as Debezium reports it.
                    var same = $"{KeyOf("OLD")} = {KeyOf("NEW")}";
                    sql.AppendLine(Upsert("u", KeyOf("NEW"), Row("OLD"), Row("NEW"), same));
                    sql.AppendLine(Delete(KeyOf("OLD"), Row("OLD"), $"NOT ({same})"));
                    sql.AppendLine(Upsert("c", KeyOf("NEW"), "NULL", Row("NEW"), $"NOT ({same})"));
                    break;
            }

            sql.AppendLine("END;");
        }

        return sql.ToString();
    }

    private static string Value(string alias, string column) =>
        // JSON cannot hold a BLOB: it is written as hex text.
        $"CASE typeof({alias}.{Identifier(column)}) WHEN 'blob' THEN hex({alias}.{Identifier(column)}) ELSE {alias}.{Identifier(column)} END";

    private static List<(string Name, bool Key)> Columns(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, pk FROM pragma_table_info($table) ORDER BY cid";
        command.Parameters.AddWithValue("$table", table);
        using var reader = command.ExecuteReader();
        var columns = new List<(string, bool)>();
        while (reader.Read())
        {
            columns.Add((reader.GetString(0), reader.GetInt64(1) > 0));
        }

        return columns;
    }

    private static string? DeclaredName(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = $name COLLATE NOCASE";
        command.Parameters.AddWithValue("$name", table);
        return command.ExecuteScalar() as string;
    }

    private static List<string> MonolithTables(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = @"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name NOT LIKE 'strangler\_%' ESCAPE '\' ORDER BY name";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static bool TableExists(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", table);
        return (long)command.ExecuteScalar()! > 0;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
