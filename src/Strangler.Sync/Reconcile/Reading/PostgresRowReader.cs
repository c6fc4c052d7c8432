using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Debezium;

namespace Strangler.Sync.Reconcile.Reading;

/// <summary>
/// PostgreSQL: a batch's keys go into a session temporary table (<c>ON COMMIT DELETE ROWS</c>, created once per
/// session) by one <c>INSERT ... SELECT unnest($1)</c>, and each table's rows come back by a join to it; the insert
/// and the selects travel in one <c>NpgsqlBatch</c>, one implicit transaction, so a batch costs one round trip.
/// </summary>
internal sealed class PostgresRowReader(ISqlDialect dialect, string connectionString, TimeSpan positionWait, TimeProvider time) : ILegacyRowReader
{
    private const string KeyTablePrefix = "strangler_reconcile_keys_";

    private readonly ConcurrentDictionary<(string Table, string Column), string> _keyTypes = new();

    public DbConnection CreateConnection() => dialect.CreateConnection(connectionString);

    public async Task<string> KeyColumnAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) " +
            "WHERE i.indrelid = to_regclass($1) AND i.indisprimary", (NpgsqlConnection)connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = dialect.QuoteTable(table) });
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
        await using var command = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", (NpgsqlConnection)connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = dialect.QuoteTable(table) });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!
            ? await TableColumns.ReadAsync(connection, dialect.QuoteTable(table), cancellationToken)
            : null;
    }

    // Names are quoted, so case counts: the table created as Customers without quotes is customers.
    public async Task<string?> TableNamedAlikeAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        var parts = SqlIdentifier.SplitQualified(table);
        await using var command = new NpgsqlCommand(
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
            "WHERE lower(c.relname) = lower($1) AND c.relkind IN ('r', 'p', 'v', 'm', 'f') " +
            "AND (CASE WHEN $2 = '' THEN pg_table_is_visible(c.oid) ELSE lower(n.nspname) = lower($2) END) LIMIT 1",
            (NpgsqlConnection)connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = parts[^1] });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = parts.Count > 1 ? parts[^2] : string.Empty });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? parts.Count > 1 ? $"{reader.GetString(0)}.{reader.GetString(1)}" : reader.GetString(1)
            : null;
    }

    public async Task<IReadOnlyList<object>> KeysAfterAsync(
        DbConnection connection, string table, string keyColumn, object? after, int limit, CancellationToken cancellationToken)
    {
        var key = dialect.QuoteIdentifier(keyColumn);
        var type = await KeyTypeAsync(connection, table, keyColumn, cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT {key} FROM {dialect.QuoteTable(table)} " + (after is null ? string.Empty : $"WHERE {key} > $1::text::{type} ") +
            $"ORDER BY {key} LIMIT {limit.ToString(CultureInfo.InvariantCulture)}", (NpgsqlConnection)connection);
        if (after is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Text(after) });
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
        var npgsql = (NpgsqlConnection)connection;
        var type = await KeyTypeAsync(connection, tables[0].Table, tables[0].MatchColumn, cancellationToken);
        var keyTable = KeyTable(type);
        // No explicit transaction: the batch's statements run in one implicit transaction that ends with the batch,
        // which empties the table (ON COMMIT DELETE ROWS) without a round trip of its own for COMMIT.
        await using var batch = new NpgsqlBatch(npgsql);
        // Once per session: the caller keeps its connections open for the whole job, and creating the table for every
        // batch (on a pooled connection reset by DISCARD ALL) cost about 28 ms a batch against 11 ms for the rest
        // (200 batches of 500 keys, measured on a loaded machine). IF NOT EXISTS costs a catalog lookup. No primary
        // key: the insert's DISTINCT makes the keys unique, the joins scan the table rather than its index, and the
        // index cost its upkeep on every insert and a rebuild at every commit that empties the table (pgbench, a batch
        // of 500 keys: INSERT 1.1 -> 0.6 ms, COMMIT 4.3 -> 1.7 ms).
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"CREATE TEMP TABLE IF NOT EXISTS {keyTable} (k {type}) ON COMMIT DELETE ROWS"));
        // The default random_page_cost (4) prices 500 index lookups above a full scan: on 200,000 addresses the planner
        // hash-joined a scan of the whole table (88 ms a batch), on 100,000 customers it merge-joined the primary key
        // from its start (32 ms); a nested loop over the indexes takes 0.8 and 0.6 ms (EXPLAIN ANALYZE). 1.1, the
        // usual value for data in memory or on SSD, for this transaction only, gives the nested loop; a table without
        // an index on the join column still gets its hash join.
        // synchronous_commit off, for this transaction only: emptying the table at commit takes an AccessExclusiveLock,
        // which wal_level replica or logical writes to the WAL, so every batch's commit waited for a WAL flush to disk
        // (pgbench, one batch of 500 keys: COMMIT 3.0 to 4.4 ms of 6 to 9 ms, against 0.4 ms without the wait). The
        // transaction changes nothing but this session's temporary table, so a commit lost in a crash loses nothing.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('random_page_cost', '1.1', true), set_config('synchronous_commit', 'off', true)"));
        // A temporary table is never analysed by autovacuum: without statistics the planner takes it for 10 pages at
        // least (2,260 rows) and hash-joins a full scan of each table (120 ms a batch on 200,000 addresses, measured,
        // before random_page_cost above); with statistics of a filled batch kept, it merge-joins the child table's
        // index from its start up to this batch's keys. So it is analysed while empty (the last commit emptied it):
        // 0 rows and no histogram, from which the planner estimates the rows by the table's actual size in pages (678
        // for 500 keys) and joins by a nested loop over the indexes (1.1 and 1.3 ms, EXPLAIN ANALYZE). Analysing the
        // filled table instead, every batch, wrote its statistics to the catalog each time; an empty table's counts
        // stay 0 and nothing is written (one batch, pgbench: ANALYZE 0.37 ms and its share of a WAL flush at commit).
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"ANALYZE {keyTable}"));
        batch.BatchCommands.Add(Insert(keys, keyTable, type));
        foreach (var table in tables)
        {
            var columns = table.KeyOnly ? "t." + dialect.QuoteIdentifier(table.KeyColumn) : "t.*";
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                $"SELECT {columns} FROM {dialect.QuoteTable(table.Table)} t JOIN {keyTable} k ON t.{dialect.QuoteIdentifier(table.MatchColumn)} = k.k"));
        }

        var results = new List<IReadOnlyList<LegacyRow>>(tables.Count);
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            // The CREATE, INSERT and ANALYZE return no result set; NpgsqlDataReader starts on set_config's.
            await reader.NextResultAsync(cancellationToken);
            foreach (var table in tables)
            {
                results.Add(await RowValues.ReadAllAsync(reader, table.KeyColumn, table.MatchColumn, cancellationToken, PostgresInfinity.Check));
                await reader.NextResultAsync(cancellationToken);
            }
        }

        return results;
    }

    /// <summary>
    /// The WAL insert position, taken once every transaction that had an id when it was read has ended: a change
    /// logged before the position belongs to a transaction that is committed (or rolled back) by the time the rows are
    /// read, so it is in them. Without the wait, a long transaction's early change would sit before the position yet
    /// be invisible to the read, and its CDC event would then be skipped as stale.
    /// </summary>
    /// <remarks>
    /// The transactions are those holding the lock on their own id (<c>pg_locks</c>, readable by any user), listed
    /// after the position is read: a transaction logs a change only once it holds that lock. The wait went by the
    /// current snapshot's xmax before, which PostgreSQL sets to the last completed transaction's id + 1, not to the
    /// next id it gives: a transaction younger than every completed one was not waited for.
    /// </remarks>
    public async Task<SourcePosition> PositionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        long lsn;
        await using (var command = new NpgsqlCommand("SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint", (NpgsqlConnection)connection))
        {
            lsn = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        const string running = "FROM pg_locks WHERE locktype = 'transactionid' AND mode = 'ExclusiveLock' AND granted";
        string[] open;
        await using (var command = new NpgsqlCommand($"SELECT coalesce(array_agg(transactionid::text), '{{}}') {running}", (NpgsqlConnection)connection))
        {
            open = (string[])(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        var deadline = time.GetUtcNow() + positionWait;
        while (open.Length > 0)
        {
            await using var wait = new NpgsqlCommand($"SELECT NOT EXISTS (SELECT 1 {running} AND transactionid::text = ANY($1))", (NpgsqlConnection)connection);
            wait.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = open });
            if ((bool)(await wait.ExecuteScalarAsync(cancellationToken))!)
            {
                break;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException(
                    $"transactions open since the log position was read did not end within {positionWait} ({ReconcileOptions.SectionName}:PositionWait): " +
                    $"{await HoldersAsync((NpgsqlConnection)connection, open, cancellationToken)}; let them end, or raise PositionWait");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }

        // Just before the insert position: a change logged there or later is after it, every earlier one is not.
        return SourcePosition.Postgres(lsn - 1, long.MaxValue);
    }

    // Who a DBA has to look at: the sessions of the transactions still open, as pg_stat_activity names them (the
    // timeout said only that some transaction was open, not which).
    private static async Task<string> HoldersAsync(NpgsqlConnection connection, string[] open, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT pid, coalesce(nullif(application_name, ''), '(no application_name)'), to_char(xact_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS\"Z\"') " +
            "FROM pg_stat_activity WHERE backend_xid::text = ANY($1) ORDER BY xact_start LIMIT 5", connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = open });
        var holders = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                holders.Add(string.Create(CultureInfo.InvariantCulture, $"pid {reader.GetInt32(0)} ({reader.GetString(1)}, open since {reader.GetString(2)})"));
            }
        }

        return holders.Count == 0
            ? "their sessions are not visible to this user in pg_stat_activity"
            : $"still open in {string.Join(", ", holders)}{(open.Length > holders.Count ? " and more" : string.Empty)}";
    }

    /// <summary>
    /// "PostgreSQL WAL 1/3F8D2CAF", as <c>pg_current_wal_lsn()</c> and <c>pg_replication_slots</c> print it. A load's
    /// position (<see cref="PositionAsync"/>) is stored just before the insert position it read, so it is named by that
    /// position.
    /// </summary>
    public string Describe(SourcePosition position)
    {
        var parts = position.Value.Split(':');
        if (parts is not ["pg", var lsnText, var sequenceText]
            || !long.TryParse(lsnText, NumberStyles.None, CultureInfo.InvariantCulture, out var lsn)
            || !long.TryParse(sequenceText, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return position.Value;
        }

        var named = sequence == long.MaxValue ? lsn + 1 : lsn;
        return string.Create(CultureInfo.InvariantCulture, $"PostgreSQL WAL {named >> 32:X}/{named & 0xFFFFFFFF:X}");
    }

    // Whole-number keys travel as a binary bigint[]; others as text, cast by the server to the key column's type.
    private static NpgsqlBatchCommand Insert(IReadOnlyList<object> keys, string keyTable, string type)
    {
        var numbers = new long[keys.Count];
        var whole = true;
        for (var i = 0; i < keys.Count && whole; i++)
        {
            whole = keys[i] is long number;
            numbers[i] = whole ? (long)keys[i] : 0;
        }

        var insert = new NpgsqlBatchCommand(
            $"INSERT INTO {keyTable} (k) SELECT DISTINCT unnest($1::{(whole ? "bigint" : "text")}[])::{type}");
        insert.Parameters.Add(whole
            ? new NpgsqlParameter<long[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, TypedValue = numbers }
            : new NpgsqlParameter<string[]> { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = keys.Select(Text).ToArray() });
        return insert;
    }

    // One table per key type: a session may read projections whose keys have different types.
    private static string KeyTable(string type) =>
        KeyTablePrefix + new string(type.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_').Take(40).ToArray());

    private async Task<string> KeyTypeAsync(DbConnection connection, string table, string column, CancellationToken cancellationToken)
    {
        if (_keyTypes.TryGetValue((table, column), out var known))
        {
            return known;
        }

        await using var command = new NpgsqlCommand(
            "SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attname = $2 AND NOT a.attisdropped",
            (NpgsqlConnection)connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = SqlIdentifierText(table) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = column });
        var type = await command.ExecuteScalarAsync(cancellationToken) as string
            ?? throw new LegacySchemaException($"Column '{column}' does not exist in table '{table}'.");
        _keyTypes[(table, column)] = type;
        return type;
    }

    private static string SqlIdentifierText(string table) =>
        string.Join('.', SqlIdentifier.SplitQualified(table).Select(p => "\"" + p + "\""));

    private static string Text(object key) => Convert.ToString(key, CultureInfo.InvariantCulture)!;
}
