using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Debezium;

namespace Strangler.Sync.Reconcile.Reading;

/// <summary>
/// SQLite: a batch's keys go into a connection's temporary table by multi-row inserts (under the parameter limit),
/// and each table's rows come back by a join to it. A qualified name is read as its table part (see
/// <see cref="LegacyTable"/>). The log position is the built-in capture's last sequence number.
/// </summary>
internal sealed class SqliteRowReader(ISqlDialect dialect, string connectionString) : ILegacyRowReader
{
    private const string KeyTable = "temp.strangler_reconcile_keys";
    private const int MaxParameters = 999;

    public DbConnection CreateConnection() => dialect.CreateConnection(connectionString);

    public async Task<string> KeyColumnAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = (SqliteCommand)connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info($table) WHERE pk > 0 ORDER BY pk";
        command.Parameters.AddWithValue("$table", LegacyTable.SqliteName(table));
        var columns = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                columns.Add(reader.GetString(0));
            }
        }

        return KeyColumns.Single(table, columns);
    }

    public async Task<IReadOnlyList<string>?> ColumnsAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = (SqliteCommand)connection.CreateCommand();
        // Tables and views alike, whatever the case of their names: SQLite matches them so.
        command.CommandText = "SELECT count(*) FROM pragma_table_info($table)";
        command.Parameters.AddWithValue("$table", LegacyTable.SqliteName(table));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! == 0
            ? null
            : await TableColumns.ReadAsync(connection, Quoted(table), cancellationToken);
    }

    public async Task<IReadOnlyList<object>> KeysAfterAsync(
        DbConnection connection, string table, string keyColumn, object? after, int limit, CancellationToken cancellationToken)
    {
        var key = dialect.QuoteIdentifier(keyColumn);
        await using var command = (SqliteCommand)connection.CreateCommand();
        command.CommandText = $"SELECT {key} FROM {Quoted(table)} " + (after is null ? string.Empty : $"WHERE {key} > $after ") + $"ORDER BY {key} LIMIT $limit";
        if (after is not null)
        {
            command.Parameters.AddWithValue("$after", after);
        }

        command.Parameters.AddWithValue("$limit", limit);
        var keys = new List<object>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(RowValues.Normalize(reader.GetValue(0)));
        }

        return keys;
    }

    public async Task<IReadOnlyList<IReadOnlyList<LegacyRow>>> ReadAsync(
        DbConnection connection, IReadOnlyList<object> keys, IReadOnlyList<TableRead> tables, CancellationToken cancellationToken)
    {
        var sqlite = (SqliteConnection)connection;
        // A deferred transaction: the reads see one snapshot and take no write lock from the legacy application.
        await using var transaction = sqlite.BeginTransaction(deferred: true);
        await ExecuteAsync(sqlite, transaction, $"CREATE TEMP TABLE IF NOT EXISTS strangler_reconcile_keys (k PRIMARY KEY); DELETE FROM {KeyTable};", cancellationToken)
            ;
        foreach (var chunk in keys.Distinct().Chunk(MaxParameters))
        {
            await using var insert = sqlite.CreateCommand();
            insert.Transaction = transaction;
            var sql = new StringBuilder($"INSERT INTO {KeyTable} (k) VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Append(i == 0 ? "($k" : ", ($k").Append(i).Append(')');
                insert.Parameters.AddWithValue("$k" + i, chunk[i]);
            }

            insert.CommandText = sql.ToString();
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        var results = new List<IReadOnlyList<LegacyRow>>(tables.Count);
        foreach (var table in tables)
        {
            await using var select = sqlite.CreateCommand();
            select.Transaction = transaction;
            var columns = table.KeyOnly ? "t." + dialect.QuoteIdentifier(table.KeyColumn) : "t.*";
            select.CommandText = $"SELECT {columns} FROM {Quoted(table.Table)} t JOIN {KeyTable} k ON t.{dialect.QuoteIdentifier(table.MatchColumn)} = k.k";
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            results.Add(await RowValues.ReadAllAsync(reader, table.KeyColumn, table.MatchColumn, cancellationToken));
        }

        await ExecuteAsync(sqlite, transaction, $"DELETE FROM {KeyTable}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return results;
    }

    /// <summary>
    /// The capture's last sequence number: SQLite has one writer at a time and the triggers number changes inside
    /// the writing transaction, so every change up to it is committed, and every later one gets a higher number.
    /// </summary>
    public async Task<SourcePosition> PositionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM sqlite_master WHERE name = 'strangler_capture_changes'), " +
                              "(SELECT seq FROM sqlite_sequence WHERE name = 'strangler_capture_changes')";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (reader.GetInt64(0) == 0)
        {
            throw new LegacySchemaException(
                "table 'strangler_capture_changes' is missing: a SQLite legacy database has a log position only with the built-in capture (run `strangler migrate`)");
        }

        var sequence = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);
        var lsn = Capture.DebeziumMessageWriter.Lsn(sequence);
        // Exactly the position the capture gives change number `sequence` (see CapturePublisher).
        return SourcePosition.SqlServer(lsn, lsn, 1);
    }

    /// <summary>
    /// "SQLite capture change 42": the position imitates a SQL Server LSN, as the capture's messages do so that one
    /// decoder reads both and the load's documents compare with the changes that follow; a user reads it in the
    /// capture's own terms.
    /// </summary>
    public string Describe(SourcePosition position) =>
        Capture.DebeziumMessageWriter.Sequence(position) is { } sequence
            ? string.Create(CultureInfo.InvariantCulture, $"SQLite capture change {sequence}")
            : position.Value;

    private string Quoted(string table) => LegacyTable.Quote(dialect, table);

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
