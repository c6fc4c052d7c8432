using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Npgsql;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Migrations;
using Strangler.Sync.Backfill;
using Strangler.Sync.Consuming;

namespace Strangler.Benchmarks.SyncOut;

/// <summary>
/// One backfill batch of update events (an <c>"Operation": "update"</c> mapping) into PostgreSQL, some of whose rows
/// are missing (a replay after the legacy table was pruned), through the handler as the worker runs it: wall time and
/// the transactions it took (counted by a trigger on the sync-origin marker, with a sequence, so rolled-back ones
/// count too). Each round writes into a fresh schema. Usage: <c>[connection string] [batch] [missing] [rounds]</c>;
/// the connection defaults to STRANGLER_TEST_POSTGRES.
/// </summary>
public static class MissingRowsBenchmark
{
    /// <summary>Runs the batch with no row missing and with <c>missing</c> rows missing; prints the best of the rounds.</summary>
    public static async Task RunAsync(string[] args)
    {
        var server = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("STRANGLER_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Pass a PostgreSQL connection string or set STRANGLER_TEST_POSTGRES.");
        var batch = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500;
        var missing = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
        var rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
        await MeasureAsync(server, 50, 10); // warm-up: JIT, pools, statement caches
        Console.WriteLine($"missing-rows: a batch of {batch} update events into PostgreSQL, best of {rounds} rounds");
        Console.WriteLine($"{"rows missing",14}{"ms",10}{"dead letters",14}{"transactions",14}{"rolled back",13}");
        foreach (var gone in new[] { 0, missing })
        {
            var best = (Ms: double.MaxValue, DeadLetters: 0, Transactions: 0L, Committed: 0L);
            for (var round = 0; round < rounds; round++)
            {
                var run = await MeasureAsync(server, batch, gone);
                best = run.Ms < best.Ms ? run : best;
            }
            Console.WriteLine($"{gone,14}{best.Ms,10:N1}{best.DeadLetters,14}{best.Transactions,14}{best.Transactions - best.Committed,13}");
        }
    }

    private static async Task<(double Ms, int DeadLetters, long Transactions, long Committed)> MeasureAsync(string server, int batch, int gone)
    {
        var connectionString = await FreshSchemaAsync(server, batch, gone);
        try
        {
            return await MeasureInAsync(connectionString, batch);
        }
        finally
        {
            await DropSchemaAsync(server, new NpgsqlConnectionStringBuilder(connectionString).SearchPath!);
        }
    }

    private static async Task<(double Ms, int DeadLetters, long Transactions, long Committed)> MeasureInAsync(string connectionString, int batch)
    {
        var options = new BackfillOptions
        {
            Pipeline = "accounts-backfill", Provider = nameof(LegacyProvider.Postgres), ConnectionString = connectionString,
            Mappings = new Dictionary<string, EventMappingOptions>
            {
                ["AccountRenamed"] = new() { Table = "accounts", KeyColumn = "id", Operation = "update", Columns = new Dictionary<string, string> { ["name"] = "name" } },
            },
        };
        await using var services = new ServiceCollection().AddLogging().AddSyncMetrics().BuildServiceProvider();
        var handler = BackfillServiceCollectionExtensions.CreateHandler(services, options);
        var messages = Enumerable.Range(1, batch).Select(i => new ConsumeResult<byte[]?, byte[]?>
        {
            TopicPartitionOffset = new TopicPartitionOffset("accounts.events", 0, i),
            Message = new Message<byte[]?, byte[]?> { Value = Event(i), Headers = [] },
        }).ToList();

        var watch = Stopwatch.StartNew();
        var outcome = await handler.HandleAsync(messages, CancellationToken.None);
        var ms = watch.Elapsed.TotalMilliseconds;

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand(
            "SELECT (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM attempts), (SELECT COUNT(*) FROM committed)", connection);
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (ms, outcome.DeadLetters.Count, reader.GetInt64(0), reader.GetInt64(1));
    }

    private static byte[] Event(int i) => Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new
    {
        specversion = "1.0", id = Guid.CreateVersion7().ToString(), type = "AccountRenamed", source = "/accounts",
        subject = i.ToString(CultureInfo.InvariantCulture), time = DateTimeOffset.UnixEpoch.AddSeconds(1_700_000_000 + i),
        data = new { name = "renamed " + i },
    }));

    // Each round's schema goes once its figures are read: a run of rounds would otherwise leave dozens on the server.
    private static async Task DropSchemaAsync(string server, string schema)
    {
        try
        {
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", admin);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"could not drop schema {schema}: {e.Message}");
        }
    }

    // The rows of the batch, but every (batch / gone)-th one pruned, and the transaction counter.
    private static async Task<string> FreshSchemaAsync(string server, int batch, int gone)
    {
        var schema = "bench_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", admin);
            await command.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
        await new MigrationRunner(SqlDialects.For(LegacyProvider.Postgres), TimeProvider.System)
            .ApplyAsync(connectionString, MigrationSource.Embedded(LegacyProvider.Postgres));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var every = gone == 0 ? int.MaxValue : batch / gone;
        await using var create = new NpgsqlCommand($"""
            CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL, credit_code text NOT NULL);
            INSERT INTO accounts SELECT i, 'n' || i, 'LEG-' || i FROM generate_series(1, {batch}) AS i WHERE i % {every} <> 0;
            CREATE SEQUENCE attempts;
            CREATE TABLE committed (n bigint);
            CREATE FUNCTION count_transaction() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN INSERT INTO committed VALUES (nextval('attempts')); RETURN NEW; END $$;
            CREATE TRIGGER count_transaction BEFORE INSERT ON strangler_sync_origin FOR EACH ROW EXECUTE FUNCTION count_transaction();
            """, connection);
        await create.ExecuteNonQueryAsync();
        return connectionString;
    }
}
