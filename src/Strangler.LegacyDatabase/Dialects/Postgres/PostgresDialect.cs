using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using Strangler.LegacyDatabase.Dialects.Errors;

namespace Strangler.LegacyDatabase.Dialects.Postgres;

/// <summary>
/// PostgreSQL: upserts as <c>INSERT ... SELECT FROM unnest(text[]...) ON CONFLICT DO UPDATE</c> and updates as
/// <c>UPDATE ... FROM unnest(text[]...)</c>, one statement per group whatever its size. Values travel as text arrays and are cast to each column's declared type on the server,
/// so a JSON string lands in a timestamp, numeric or uuid column without client-side type guessing. A backfill batch
/// costs three round trips: marker + applied-events claim + high-water read, all row writes + high-water writes (each
/// an <c>NpgsqlBatch</c>), and the commit.
/// </summary>
internal sealed class PostgresDialect : ISqlDialect
{
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _columnTypes = new(StringComparer.Ordinal);

    // Debezium reports the 32-bit xid as source.txId, so the marker stores the epoch-less part of the xid8.
    private const string MarkSql =
        "INSERT INTO strangler_sync_origin (tx_id, origin) " +
        "VALUES (pg_current_xact_id()::text::bigint % 4294967296, 'backfill') " +
        "ON CONFLICT (tx_id) DO UPDATE SET origin = EXCLUDED.origin, created_at = now()";

    public LegacyProvider Provider => LegacyProvider.Postgres;

    public string QuoteIdentifier(string identifier) => "\"" + SqlIdentifier.Check(identifier) + "\"";

    public string QuoteTable(string table) => string.Join('.', SqlIdentifier.SplitQualified(table).Select(QuoteIdentifier));

    public DbConnection CreateConnection(string connectionString) =>
        ConnectionStringCheck.Create(LegacyProvider.Postgres, connectionString, cs => new NpgsqlConnection(cs));

    public FailureKind Classify(Exception exception) => PostgresErrors.Classify(exception);

    public Task WriteAsync(DbConnection connection, DbTransaction transaction, WriteGroup group, CancellationToken cancellationToken) =>
        WriteAllAsync(connection, transaction, [group], cancellationToken);

    // All groups travel in one NpgsqlBatch: one round trip per batch of events instead of one per table.
    public async Task WriteAllAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<WriteGroup> groups, CancellationToken cancellationToken)
    {
        if (groups.Count == 0)
        {
            return;
        }
        await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        foreach (var group in groups)
        {
            batch.BatchCommands.Add(await CommandForAsync(connection, transaction, group, PostgresStatements.Build, cancellationToken));
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
        for (var i = 0; i < groups.Count; i++)
        {
            if (groups[i].Operation == WriteOperation.Update && batch.BatchCommands[i].RecordsAffected < groups[i].Rows.Count)
            {
                throw await MissingRowsAsync(connection, transaction, groups[i], cancellationToken);
            }
        }
    }

    // Only on failure: which keys of an update group had no row, for a reason that names them.
    private async Task<LegacyRowMissingException> MissingRowsAsync(DbConnection connection, DbTransaction transaction, WriteGroup group,
        CancellationToken cancellationToken)
    {
        var types = await ColumnTypesAsync(connection, transaction, group.Table, cancellationToken);
        await using var command = new NpgsqlCommand(PostgresStatements.BuildMissingKeys(this, group, c => types[c]),
            (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.Add(new NpgsqlParameter<string?[]>
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = group.Rows.Select(r => SqlValues.ToText(r[0])).ToArray(),
        });
        var missing = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            missing.Add(WritePlanner.KeyText(group.Rows[(int)reader.GetInt64(0)][0]!));
        }
        return new LegacyRowMissingException(group.Table, group.KeyColumn, missing);
    }

    // Marker, claim and lookups in one NpgsqlBatch, in that order: the marker still precedes every write, and the
    // claim's ON CONFLICT DO NOTHING RETURNING replaces a separate read of the claimed keys.
    public Task<BatchStart> StartBatchAsync(DbConnection connection, DbTransaction transaction, WriteGroup claims,
        IReadOnlyList<KeyLookup> lookups, CancellationToken cancellationToken) =>
        ReadAsync(connection, transaction, claims, lookups, cancellationToken);

    public async Task<IReadOnlyList<IReadOnlyDictionary<string, string?>>> ReadAllByKeysAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<KeyLookup> lookups, CancellationToken cancellationToken) =>
        (await ReadAsync(connection, transaction, claims: null, lookups, cancellationToken)).Lookups;

    private async Task<BatchStart> ReadAsync(DbConnection connection, DbTransaction transaction, WriteGroup? claims,
        IReadOnlyList<KeyLookup> lookups, CancellationToken cancellationToken)
    {
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var results = new List<IReadOnlyDictionary<string, string?>>(lookups.Count);
        await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        if (claims is not null)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(MarkSql));
            batch.BatchCommands.Add(await CommandForAsync(connection, transaction, claims, PostgresStatements.BuildClaim, cancellationToken));
        }
        foreach (var lookup in lookups)
        {
            var command = new NpgsqlBatchCommand(
                $"SELECT {QuoteIdentifier(lookup.KeyColumn)}::text, {QuoteIdentifier(lookup.ValueColumn)}::text " +
                $"FROM {QuoteTable(lookup.Table)} WHERE {QuoteIdentifier(lookup.KeyColumn)} = ANY($1)");
            command.Parameters.Add(new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = lookup.Keys.ToArray() });
            batch.BatchCommands.Add(command);
        }
        if (batch.BatchCommands.Count > 0)
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            do
            {
                if (reader.FieldCount == 1)
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        claimed.Add(reader.GetString(0)); // the claim's RETURNING
                    }
                }
                else if (reader.FieldCount == 2)
                {
                    var rows = new Dictionary<string, string?>(StringComparer.Ordinal);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        rows[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
                    }
                    results.Add(rows);
                }
            }
            while (await reader.NextResultAsync(cancellationToken));
        }
        return new BatchStart { Claimed = claimed, Lookups = results };
    }

    private async Task<NpgsqlBatchCommand> CommandForAsync(DbConnection connection, DbTransaction transaction, WriteGroup group,
        Func<PostgresDialect, WriteGroup, Func<string, string>, string> build, CancellationToken cancellationToken)
    {
        var types = await ColumnTypesAsync(connection, transaction, group.Table, cancellationToken);
        var command = new NpgsqlBatchCommand(build(this, group, column => types.TryGetValue(column, out var type)
            ? type
            : throw new LegacySchemaException($"Column '{column}' does not exist in table '{group.Table}'.")));
        // Explicitly typed text[] parameters: a column whose values are all NULL still binds as text[].
        var width = group.Operation == WriteOperation.Delete ? 1 : group.Columns.Count + 1;
        for (var c = 0; c < width; c++)
        {
            var values = new string?[group.Rows.Count];
            for (var r = 0; r < values.Length; r++)
            {
                values[r] = SqlValues.ToText(group.Rows[r][c]);
            }
            command.Parameters.Add(new NpgsqlParameter<string?[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = values });
        }
        return command;
    }

    public async Task<IReadOnlyDictionary<string, string?>> ReadByKeysAsync(
        DbConnection connection, DbTransaction transaction, string table, string keyColumn, string valueColumn,
        IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        (await ReadAllByKeysAsync(connection, transaction,
            [new KeyLookup { Table = table, KeyColumn = keyColumn, ValueColumn = valueColumn, Keys = keys }], cancellationToken))[0];

    public Task MarkSyncOriginAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(MarkSql, transaction: transaction, cancellationToken: cancellationToken));

    public Task BeforeCommitAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public string? SyncOriginTimeColumn => "created_at";

    // PostgreSQL's DELETE has no LIMIT: the rows are picked by ctid in a sub-select.
    public Task<int> DeleteOlderThanAsync(DbConnection connection, string table, string timeColumn, DateTimeOffset cutoff, int limit,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM {QuoteTable(table)} WHERE ctid = ANY(ARRAY(" +
            $"SELECT ctid FROM {QuoteTable(table)} WHERE {QuoteIdentifier(timeColumn)} < @cutoff LIMIT @limit))",
            new { cutoff = cutoff.ToUniversalTime(), limit }, cancellationToken: cancellationToken));

    private async Task<IReadOnlyDictionary<string, string>> ColumnTypesAsync(
        DbConnection connection, DbTransaction transaction, string table, CancellationToken cancellationToken)
    {
        var quoted = QuoteTable(table);
        if (_columnTypes.TryGetValue(quoted, out var cached))
        {
            return cached;
        }
        // The values go in through explicit casts, and an explicit cast to varchar(n), char(n), bit(n) or varbit(n) cuts
        // (or pads) a value to fit, where an insert of the same value fails ("value too long for type character
        // varying(5)"). So those types are cast without their length (bpchar and bit varying: plain "character" and
        // "bit" would mean a length of 1), and the column itself refuses a value that does not fit, as it would the
        // monolith's own insert. Other modifiers (numeric's scale, timestamp's precision) round alike in a cast and
        // an insert, and are kept.
        var rows = await connection.QueryAsync<(string Name, string Type)>(new CommandDefinition(
            "SELECT a.attname, CASE " +
            "WHEN a.atttypid = 'bpchar'::regtype THEN 'bpchar' WHEN a.atttypid = 'bpchar[]'::regtype THEN 'bpchar[]' " +
            "WHEN a.atttypid = 'bit'::regtype THEN 'bit varying' WHEN a.atttypid = 'bit[]'::regtype THEN 'bit varying[]' " +
            "WHEN a.atttypid IN ('varchar'::regtype, 'varchar[]'::regtype, 'varbit'::regtype, 'varbit[]'::regtype) THEN format_type(a.atttypid, NULL) " +
            "ELSE format_type(a.atttypid, a.atttypmod) END FROM pg_attribute a " +
            "WHERE a.attrelid = to_regclass(@quoted) AND a.attnum > 0 AND NOT a.attisdropped",
            new { quoted }, transaction, cancellationToken: cancellationToken));
        var types = rows.ToDictionary(r => r.Name, r => r.Type, StringComparer.Ordinal);
        if (types.Count == 0)
        {
            throw new LegacySchemaException($"Table '{table}' does not exist.");
        }
        _columnTypes[quoted] = types;
        return types;
    }
}
