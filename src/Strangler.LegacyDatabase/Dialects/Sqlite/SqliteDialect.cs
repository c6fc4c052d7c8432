using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Strangler.LegacyDatabase.Dialects.Errors;

namespace Strangler.LegacyDatabase.Dialects.Sqlite;

/// <summary>
/// SQLite: multi-row <c>INSERT ... VALUES (...),(...) ON CONFLICT DO UPDATE</c> and <c>UPDATE ... FROM (VALUES ...)</c>,
/// chunked under the engine's parameter limit. Microsoft.Data.Sqlite begins transactions with BEGIN IMMEDIATE, so a batch holds the write lock
/// from its first statement and cannot deadlock on a lock upgrade.
/// </summary>
internal sealed class SqliteDialect : ISqlDialect
{
    // SQLite allows 32766 parameters, but binding by name looks each one up linearly, so a statement's cost grows
    // with the square of its parameter count; about a thousand keeps the multi-row gain without that cost.
    internal const int MaxParameters = 999;

    public LegacyProvider Provider => LegacyProvider.Sqlite;

    public string QuoteIdentifier(string identifier) => "\"" + SqlIdentifier.Check(identifier) + "\"";

    public string QuoteTable(string table) => string.Join('.', SqlIdentifier.SplitQualified(table).Select(QuoteIdentifier));

    public DbConnection CreateConnection(string connectionString) =>
        ConnectionStringCheck.Create(LegacyProvider.Sqlite, connectionString, cs => new SqliteConnection(cs));

    public FailureKind Classify(Exception exception) => exception switch
    {
        // BUSY and LOCKED clear when the other writer finishes; IOERR may be a full disk being freed.
        SqliteException { SqliteErrorCode: 5 or 6 or 10 } => FailureKind.Transient,
        // CONSTRAINT (incl. STRICT datatype), ERROR (no such table/column), MISMATCH, TOOBIG, RANGE.
        SqliteException => FailureKind.Permanent,
        LegacySchemaException or LegacyRowMissingException or FormatException or InvalidCastException => FailureKind.Permanent,
        _ => FailureKind.Transient,
    };

    public async Task WriteAsync(DbConnection connection, DbTransaction transaction, WriteGroup group, CancellationToken cancellationToken)
    {
        var width = group.Operation == WriteOperation.Delete ? 1 : group.Columns.Count + 1;
        foreach (var chunk in group.Rows.Chunk(Math.Max(1, MaxParameters / width)))
        {
            var sql = SqliteStatements.Build(this, group, chunk.Length);
            var parameters = new DynamicParameters();
            for (var r = 0; r < chunk.Length; r++)
            {
                for (var c = 0; c < width; c++)
                {
                    parameters.Add($"p{r * width + c}", ToSqlite(chunk[r][c]));
                }
            }
            var changed = await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
            if (group.Operation == WriteOperation.Update && changed < chunk.Length)
            {
                throw await MissingRowsAsync(connection, transaction, group, chunk, cancellationToken);
            }
        }
    }

    // Only on failure: which keys of an update chunk had no row, for a reason that names them.
    private async Task<LegacyRowMissingException> MissingRowsAsync(DbConnection connection, DbTransaction transaction, WriteGroup group,
        object?[][] chunk, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters();
        for (var r = 0; r < chunk.Length; r++)
        {
            parameters.Add($"p{r}", ToSqlite(chunk[r][0]));
        }
        var missing = await connection.QueryAsync<long>(new CommandDefinition(
            SqliteStatements.BuildMissingKeys(this, group, chunk.Length), parameters, transaction, cancellationToken: cancellationToken));
        return new LegacyRowMissingException(group.Table, group.KeyColumn, missing.Select(i => WritePlanner.KeyText(chunk[i][0]!)).ToList());
    }

    public async Task<IReadOnlyDictionary<string, string?>> ReadByKeysAsync(
        DbConnection connection, DbTransaction transaction, string table, string keyColumn, string valueColumn,
        IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(MaxParameters))
        {
            var names = chunk.Select((_, i) => "@k" + i);
            var sql = $"SELECT {QuoteIdentifier(keyColumn)} AS k, CAST({QuoteIdentifier(valueColumn)} AS TEXT) AS v " +
                      $"FROM {QuoteTable(table)} WHERE {QuoteIdentifier(keyColumn)} IN ({string.Join(", ", names)})";
            var parameters = new DynamicParameters();
            for (var i = 0; i < chunk.Length; i++)
            {
                parameters.Add("k" + i, chunk[i]);
            }
            foreach (var (k, v) in await connection.QueryAsync<(string K, string? V)>(
                new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken)))
            {
                result[k] = v;
            }
        }
        return result;
    }

    public Task MarkSyncOriginAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        // SQLite has no transaction id: the row exists only inside this transaction, so capture triggers firing
        // in it see the marker and nobody else ever does (the row is deleted again in BeforeCommitAsync).
        connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO strangler_sync_origin (origin) VALUES ('backfill')",
            transaction: transaction, cancellationToken: cancellationToken));

    public Task BeforeCommitAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM strangler_sync_origin", transaction: transaction, cancellationToken: cancellationToken));

    public string? SyncOriginTimeColumn => null;

    // Times are stored as ISO 8601 text in UTC ("O"), which sorts as the times do, so the cutoff is compared as text.
    public Task<int> DeleteOlderThanAsync(DbConnection connection, string table, string timeColumn, DateTimeOffset cutoff, int limit,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM {QuoteTable(table)} WHERE rowid IN " +
            $"(SELECT rowid FROM {QuoteTable(table)} WHERE {QuoteIdentifier(timeColumn)} < @cutoff LIMIT @limit)",
            new { cutoff = ToSqlite(cutoff.ToUniversalTime()), limit }, cancellationToken: cancellationToken));

    // Microsoft.Data.Sqlite stores decimal as TEXT; a REAL keeps numeric comparisons working in the legacy app.
    private static object? ToSqlite(object? value) => value switch
    {
        decimal d => (double)d,
        DateTimeOffset d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };
}
