using Dapper;
using Npgsql;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Echo;

namespace Strangler.Sync.Tests.Backfill;

/// <summary>
/// A backfill write read back through PostgreSQL logical decoding, as Debezium reads it: the echo filter recognises
/// its transaction, so the CDC side drops it, and a write by the monolith still goes through.
/// </summary>
public sealed class EchoRoundTripTests
{
    [Fact]
    public async Task BackfillWrite_CapturedByLogicalDecoding_IsRecognisedAsEcho_MonolithWriteIsNot()
    {
        await using var db = await LegacyTestDatabase.CreateAsync(LegacyProvider.Postgres, await DatabaseOfItsOwnAsync());
        await using var slotConnection = new NpgsqlConnection(db.ConnectionString);
        await slotConnection.OpenAsync(TestContext.Current.CancellationToken);
        var slot = "s_" + Guid.NewGuid().ToString("N");
        var schema = await slotConnection.ExecuteScalarAsync<string>("SELECT current_schema()");
        // Temporary: dropped with this connection, so a failed test leaves no slot holding WAL.
        await slotConnection.ExecuteAsync("SELECT pg_create_logical_replication_slot(@slot, 'test_decoding', true)", new { slot });

        await new BackfillHarness(db).HandleAsync(Events.Registered(1, "from the new service", second: 1));
        await db.ExecAsync("INSERT INTO customers (id, name) VALUES (2, 'from the monolith')");

        // Decoding reads only flushed WAL and the test connections commit asynchronously: a synchronous commit that
        // writes WAL flushes everything before it.
        await slotConnection.ExecuteAsync("SET synchronous_commit = on; CREATE TABLE wal_flush (x int); INSERT INTO wal_flush VALUES (1);");
        var changes = (await slotConnection.QueryAsync<(string Xid, string Data)>(
                "SELECT xid::text, data FROM pg_logical_slot_get_changes(@slot, NULL, NULL) WHERE data LIKE @table",
                new { slot, table = $"table {schema}.customers: INSERT:%" }))
            .ToList();
        var echoes = await EchoFilters.For(LegacyProvider.Postgres, db.ConnectionString)
            .FindBackfillTransactionsAsync(changes.Select(c => c.Xid).ToList(), TestContext.Current.CancellationToken);
        var delivered = changes.Where(c => !echoes.Contains(c.Xid)).Select(c => c.Data).ToList();

        Assert.Equal(2, changes.Count);
        Assert.Contains("from the monolith", Assert.Single(delivered));
    }

    // An update mapping writes in the same transaction as the marker, like an upsert: its UPDATE is an echo too.
    [Fact]
    public async Task BackfillUpdate_CapturedByLogicalDecoding_IsRecognisedAsEcho_MonolithUpdateIsNot()
    {
        await using var db = await LegacyTestDatabase.CreateAsync(LegacyProvider.Postgres, await DatabaseOfItsOwnAsync());
        await db.ExecAsync("INSERT INTO customers (id, name) VALUES (1, 'one'), (2, 'two')");
        await using var slotConnection = new NpgsqlConnection(db.ConnectionString);
        await slotConnection.OpenAsync(TestContext.Current.CancellationToken);
        var slot = "s_" + Guid.NewGuid().ToString("N");
        var schema = await slotConnection.ExecuteScalarAsync<string>("SELECT current_schema()");
        await slotConnection.ExecuteAsync("SELECT pg_create_logical_replication_slot(@slot, 'test_decoding', true)", new { slot });
        var mappings = new Dictionary<string, Sync.Backfill.EventMappingOptions>(Events.Options.Mappings)
        {
            ["CustomerRenamed"] = Events.Options.Mappings["CustomerRenamed"] with { Operation = "update" },
        };

        await new BackfillHarness(db, mappings: mappings).HandleAsync(Events.Renamed(1, "from the new service", second: 1));
        await db.ExecAsync("UPDATE customers SET name = 'from the monolith' WHERE id = 2");

        await slotConnection.ExecuteAsync("SET synchronous_commit = on; CREATE TABLE wal_flush (x int); INSERT INTO wal_flush VALUES (1);");
        var changes = (await slotConnection.QueryAsync<(string Xid, string Data)>(
                "SELECT xid::text, data FROM pg_logical_slot_get_changes(@slot, NULL, NULL) WHERE data LIKE @table",
                new { slot, table = $"table {schema}.customers: UPDATE:%" }))
            .ToList();
        var echoes = await EchoFilters.For(LegacyProvider.Postgres, db.ConnectionString)
            .FindBackfillTransactionsAsync(changes.Select(c => c.Xid).ToList(), TestContext.Current.CancellationToken);
        var delivered = changes.Where(c => !echoes.Contains(c.Xid)).Select(c => c.Data).ToList();

        Assert.Equal(2, changes.Count);
        Assert.Contains("from the monolith", Assert.Single(delivered));
    }

    /// <summary>
    /// A database for one test, dropped when it ends. A slot decodes every change in its database, and in the shared
    /// test database other tests create, alter and drop tables all the while: once in CI, decoding stopped on another
    /// test's change with "could not map filenode ... to relation OID". Here the slot sees only this test's writes.
    /// </summary>
    private static async Task<string> DatabaseOfItsOwnAsync()
    {
        var server = PostgresGate.ConnectionString();
        var name = "d_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.ExecuteAsync($"CREATE DATABASE {name}");
        }
        AfterTest.Register($"drop database {name}", async () =>
        {
            await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
            // FORCE will not end a session holding a slot, so end the sessions first (the temporary slot goes with its
            // session's backend, just after it exits: a refusal for the slot is tried again).
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await admin.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name", new { name });
                    await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    return;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 50)
                {
                    await Task.Delay(100);
                }
            }
        });
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    [Fact]
    public async Task NoEchoFilter_ForSqlite_FindsNothingBecauseTheCaptureMarksEchoesInTheMessages()
    {
        var found = await EchoFilters.For(LegacyProvider.Sqlite, "Data Source=:memory:")
            .FindBackfillTransactionsAsync(["1", "2"], TestContext.Current.CancellationToken);

        Assert.Empty(found);
    }

    [Fact]
    public void SqlServerLsn_InDebeziumForm_ParsesToTheTenBytesCdcStores()
    {
        Assert.Equal(Convert.FromHexString("0000002D00000B280003"), SqlServerEchoFilter.ParseLsn("0000002d:00000b28:0003"));
        Assert.Null(SqlServerEchoFilter.ParseLsn("not-an-lsn"));
    }
}
