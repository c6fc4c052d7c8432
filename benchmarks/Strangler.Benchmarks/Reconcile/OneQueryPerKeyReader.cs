using System.Data.Common;
using Npgsql;
using Strangler.Sync.Debezium;
using Strangler.Sync.Reconcile.Reading;

namespace Strangler.Benchmarks.Reconcile;

/// <summary>
/// The baseline: the shipped reader in every respect but one, a batch's rows are read with one prepared query per key
/// and table (<c>SELECT * FROM t WHERE match = $1</c>) on the batch's connection, instead of through the temporary
/// table. Whatever else the job does (paging, store, comparison, report) is the same code.
/// </summary>
internal sealed class OneQueryPerKeyReader(ILegacyRowReader shipped) : ILegacyRowReader
{
    public DbConnection CreateConnection() => shipped.CreateConnection();

    public Task<string> KeyColumnAsync(DbConnection connection, string table, CancellationToken cancellationToken) =>
        shipped.KeyColumnAsync(connection, table, cancellationToken);

    public Task<IReadOnlyList<string>?> ColumnsAsync(DbConnection connection, string table, CancellationToken cancellationToken) =>
        shipped.ColumnsAsync(connection, table, cancellationToken);

    public Task<IReadOnlyList<object>> KeysAfterAsync(
        DbConnection connection, string table, string keyColumn, object? after, int limit, CancellationToken cancellationToken) =>
        shipped.KeysAfterAsync(connection, table, keyColumn, after, limit, cancellationToken);

    public Task<SourcePosition> PositionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        shipped.PositionAsync(connection, cancellationToken);

    public async Task<IReadOnlyList<IReadOnlyList<LegacyRow>>> ReadAsync(
        DbConnection connection, IReadOnlyList<object> keys, IReadOnlyList<TableRead> tables, CancellationToken cancellationToken)
    {
        var commands = new List<NpgsqlCommand>(tables.Count);
        var results = new List<List<LegacyRow>>(tables.Count);
        try
        {
            foreach (var table in tables)
            {
                var columns = table.KeyOnly ? $"\"{table.KeyColumn}\"" : "*";
                var command = new NpgsqlCommand($"SELECT {columns} FROM {table.Table} WHERE \"{table.MatchColumn}\" = $1", (NpgsqlConnection)connection)
                {
                    Parameters = { new NpgsqlParameter<long>() },
                };
                // Prepared once per connection: Npgsql keeps the statement on the session, so later batches reuse it.
                await command.PrepareAsync(cancellationToken);
                commands.Add(command);
                results.Add([]);
            }

            foreach (var key in keys)
            {
                for (var t = 0; t < tables.Count; t++)
                {
                    ((NpgsqlParameter<long>)commands[t].Parameters[0]).TypedValue = (long)key;
                    await using var reader = await commands[t].ExecuteReaderAsync(cancellationToken);
                    results[t].AddRange(await RowValues.ReadAllAsync(reader, tables[t].KeyColumn, tables[t].MatchColumn, cancellationToken));
                }
            }

            return results;
        }
        finally
        {
            foreach (var command in commands)
            {
                await command.DisposeAsync();
            }
        }
    }
}
