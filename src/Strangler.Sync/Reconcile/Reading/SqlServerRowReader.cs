using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.SqlClient.Server;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Debezium;

namespace Strangler.Sync.Reconcile.Reading;

/// <summary>
/// SQL Server: a batch's keys travel as one table-valued parameter (types <c>dbo.strangler_bigint_keys</c> and
/// <c>dbo.strangler_text_keys</c>, from migration 0013) and every table is joined to it in one request. The log
/// position is CDC's highest commit LSN. Written against Microsoft.Data.SqlClient; not run here (no server).
/// </summary>
internal sealed class SqlServerRowReader(ISqlDialect dialect, string connectionString) : ILegacyRowReader
{
    public DbConnection CreateConnection() => dialect.CreateConnection(connectionString);

    public async Task<string> KeyColumnAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new SqlCommand(
            "SELECT c.name FROM sys.indexes i JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id " +
            "JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id " +
            "WHERE i.object_id = OBJECT_ID(@table) AND i.is_primary_key = 1 ORDER BY ic.key_ordinal", (SqlConnection)connection);
        command.Parameters.AddWithValue("@table", dialect.QuoteTable(table));
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
        await using var command = new SqlCommand("SELECT OBJECT_ID(@table)", (SqlConnection)connection);
        command.Parameters.AddWithValue("@table", dialect.QuoteTable(table));
        return await command.ExecuteScalarAsync(cancellationToken) is null or DBNull
            ? null
            : await TableColumns.ReadAsync(connection, dialect.QuoteTable(table), cancellationToken);
    }

    public async Task<IReadOnlyList<object>> KeysAfterAsync(
        DbConnection connection, string table, string keyColumn, object? after, int limit, CancellationToken cancellationToken)
    {
        var key = dialect.QuoteIdentifier(keyColumn);
        await using var command = new SqlCommand(
            $"SELECT TOP (@limit) {key} FROM {dialect.QuoteTable(table)} " + (after is null ? string.Empty : $"WHERE {key} > @after ") + $"ORDER BY {key}",
            (SqlConnection)connection);
        command.Parameters.AddWithValue("@limit", limit);
        if (after is not null)
        {
            command.Parameters.AddWithValue("@after", after);
        }

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
        var numeric = keys.All(k => k is long);
        var metadata = new SqlMetaData("k", numeric ? SqlDbType.BigInt : SqlDbType.NVarChar, numeric ? 0 : 450);
        var records = keys.Distinct().Select(k =>
        {
            var record = new SqlDataRecord(metadata);
            record.SetValue(0, numeric ? k : Convert.ToString(k, System.Globalization.CultureInfo.InvariantCulture));
            return record;
        }).ToList();
        var sql = string.Join(";\n", tables.Select(t =>
            $"SELECT {(t.KeyOnly ? "t." + dialect.QuoteIdentifier(t.KeyColumn) : "t.*")} FROM {dialect.QuoteTable(t.Table)} t JOIN @keys k ON t.{dialect.QuoteIdentifier(t.MatchColumn)} = k.k"));
        await using var command = new SqlCommand(sql, (SqlConnection)connection);
        command.Parameters.Add(new SqlParameter("@keys", SqlDbType.Structured)
        {
            TypeName = numeric ? "dbo.strangler_bigint_keys" : "dbo.strangler_text_keys",
            Value = records,
        });
        var results = new List<IReadOnlyList<LegacyRow>>(tables.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        foreach (var table in tables)
        {
            results.Add(await RowValues.ReadAllAsync(reader, table.KeyColumn, table.MatchColumn, cancellationToken));
            await reader.NextResultAsync(cancellationToken);
        }

        return results;
    }

    /// <summary>
    /// CDC's highest commit LSN, with the largest serial number: every change committed at or before it is visible to
    /// a read under READ COMMITTED started afterwards, and a later commit has a higher LSN.
    /// </summary>
    public async Task<SourcePosition> PositionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new SqlCommand("SELECT CONVERT(varchar(20), sys.fn_cdc_get_max_lsn(), 2)", (SqlConnection)connection);
        var lsn = await command.ExecuteScalarAsync(cancellationToken) as string
            ?? throw new LegacySchemaException("sys.fn_cdc_get_max_lsn() returned NULL: CDC is not enabled on the legacy database");
        return SourcePosition.SqlServer(lsn, "ffffffffffffffffffff", long.MaxValue);
    }
}
