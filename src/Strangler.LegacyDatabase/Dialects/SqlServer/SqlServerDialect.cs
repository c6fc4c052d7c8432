using System.Data.Common;
using Dapper;
using Microsoft.Data.SqlClient;
using Strangler.LegacyDatabase.Dialects.Errors;

namespace Strangler.LegacyDatabase.Dialects.SqlServer;

/// <summary>
/// SQL Server: <c>MERGE ... WITH (HOLDLOCK)</c> over a multi-row VALUES source for upserts, <c>UPDATE ... FROM</c> a
/// join with one for updates. HOLDLOCK takes serializable key-range locks, so two writers upserting the same missing
/// key cannot both insert it.
/// </summary>
internal sealed class SqlServerDialect : ISqlDialect
{
    // SQL Server accepts 2100 parameters per request; a table value constructor is kept at 1000 rows.
    internal const int MaxParameters = 2000;
    internal const int MaxRows = 1000;

    public LegacyProvider Provider => LegacyProvider.SqlServer;

    public string QuoteIdentifier(string identifier) => "[" + SqlIdentifier.Check(identifier) + "]";

    public string QuoteTable(string table) => string.Join('.', SqlIdentifier.SplitQualified(table).Select(QuoteIdentifier));

    public DbConnection CreateConnection(string connectionString) =>
        ConnectionStringCheck.Create(LegacyProvider.SqlServer, connectionString, cs => new SqlConnection(cs));

    public FailureKind Classify(Exception exception) => exception switch
    {
        SqlException sql => SqlServerErrors.Classify(sql.Number),
        LegacySchemaException or LegacyRowMissingException or FormatException or InvalidCastException => FailureKind.Permanent,
        _ => FailureKind.Transient,
    };

    public async Task WriteAsync(DbConnection connection, DbTransaction transaction, WriteGroup group, CancellationToken cancellationToken)
    {
        var width = group.Operation == WriteOperation.Delete ? 1 : group.Columns.Count + 1;
        foreach (var chunk in group.Rows.Chunk(Math.Clamp(MaxParameters / width, 1, MaxRows)))
        {
            var parameters = new DynamicParameters();
            for (var r = 0; r < chunk.Length; r++)
            {
                for (var c = 0; c < width; c++)
                {
                    parameters.Add($"p{r * width + c}", chunk[r][c]);
                }
            }
            var sql = SqlServerStatements.Build(this, group, chunk.Length);
            var command = new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken);
            if (group.Operation != WriteOperation.Update)
            {
                await connection.ExecuteAsync(command);
            }
            else if (await connection.ExecuteScalarAsync<int>(command) < chunk.Length)
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
            parameters.Add($"p{r}", chunk[r][0]);
        }
        var missing = await connection.QueryAsync<int>(new CommandDefinition(
            SqlServerStatements.BuildMissingKeys(this, group, chunk.Length), parameters, transaction, cancellationToken: cancellationToken));
        return new LegacyRowMissingException(group.Table, group.KeyColumn, missing.Select(i => WritePlanner.KeyText(chunk[i][0]!)).ToList());
    }

    public async Task<IReadOnlyDictionary<string, string?>> ReadByKeysAsync(
        DbConnection connection, DbTransaction transaction, string table, string keyColumn, string valueColumn,
        IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(MaxParameters))
        {
            var parameters = new DynamicParameters();
            for (var i = 0; i < chunk.Length; i++)
            {
                parameters.Add("k" + i, chunk[i]);
            }
            var sql = $"SELECT {QuoteIdentifier(keyColumn)} AS k, CAST({QuoteIdentifier(valueColumn)} AS nvarchar(450)) AS v " +
                      $"FROM {QuoteTable(table)} WHERE {QuoteIdentifier(keyColumn)} IN " +
                      $"({string.Join(", ", chunk.Select((_, i) => "@k" + i))})";
            foreach (var (k, v) in await connection.QueryAsync<(string K, string? V)>(
                new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken)))
            {
                result[k] = v;
            }
        }
        return result;
    }

    public Task MarkSyncOriginAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        // With CDC enabled on strangler_sync_origin, this row's change-table entry carries the transaction's
        // commit LSN; the echo filter drops captured changes whose commit_lsn has such a marker.
        connection.ExecuteAsync(new CommandDefinition(SqlServerStatements.MarkSyncOrigin,
            transaction: transaction, cancellationToken: cancellationToken));

    public Task BeforeCommitAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public string? SyncOriginTimeColumn => "created_at";

    public Task<int> DeleteOlderThanAsync(DbConnection connection, string table, string timeColumn, DateTimeOffset cutoff, int limit,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            $"DELETE TOP (@limit) FROM {QuoteTable(table)} WHERE {QuoteIdentifier(timeColumn)} < @cutoff",
            new { cutoff, limit }, cancellationToken: cancellationToken));
}
