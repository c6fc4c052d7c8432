using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Strangler.Sync.BulkLoad;
using Strangler.Sync.Projection;
using Strangler.Sync.Reconcile;
using Strangler.Sync.Reconcile.Reading;
using Strangler.Sync.Stores;

namespace Strangler.Benchmarks.Reconcile;

/// <summary>
/// Keys reconciled per second against PostgreSQL: the shipped reconciler (batches of 500 keys through a temporary
/// table, 4 batches at once, its defaults) beside the same comparison reading one key at a time (two queries per key,
/// customer and addresses, prepared, one connection), in the same run on the same data. Both look documents up in the
/// embedded store the same way (500 at a time), so the figure is the legacy reader's. Usage:
/// <c>[--quick] [connection string]</c>; 100,000 customers with two addresses each (10,000 with --quick).
/// </summary>
public static class ReconcileBenchmark
{
    private static readonly ProjectionOptions Projection = new()
    {
        Name = "bench-customers", Collection = "customers",
        Root = new TableMapping
        {
            Table = "customers", Topic = "legacy.public.customers",
            Columns = new Dictionary<string, ColumnMapping>
            {
                ["name"] = new() { Name = "fullName" }, ["credit_limit"] = new() { Name = "creditLimit", Type = "decimal" },
            },
        },
        Children = [new ChildTableMapping { Table = "addresses", Topic = "legacy.public.addresses", Array = "addresses", ParentKeyColumn = "customer_id" }],
    };

    public static async Task RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var server = args.FirstOrDefault(a => a != "--quick") ?? Environment.GetEnvironmentVariable("STRANGLER_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Pass a PostgreSQL connection string or set STRANGLER_TEST_POSTGRES.");
        var customers = quick ? 10_000 : 100_000;
        // One key at a time is measured on a slice: at its rate the whole set would take most of the run.
        var singles = quick ? 2_000 : 10_000;
        var schema = "bench_" + Guid.NewGuid().ToString("N");
        var connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
        var directory = Directory.CreateTempSubdirectory("strangler-reconcile-bench-").FullName;
        await ExecAsync(server, $"CREATE SCHEMA {schema}");
        try
        {
            await ExecAsync(connectionString, """
                CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, credit_limit numeric(12,2));
                CREATE TABLE addresses (id bigint PRIMARY KEY, customer_id bigint NOT NULL, city text NOT NULL);
                CREATE INDEX addresses_customer ON addresses (customer_id);
                """);
            await ExecAsync(connectionString, $"INSERT INTO customers SELECT i, 'Customer ' || i, i % 1000 FROM generate_series(1, {customers}) i");
            await ExecAsync(connectionString, $"INSERT INTO addresses SELECT i * 10 + a, i, 'City ' || i FROM generate_series(1, {customers}) i, generate_series(1, 2) a");
            await ExecAsync(connectionString, "ANALYZE");

            var options = new ReconcileOptions { Provider = "postgres", ConnectionString = connectionString };
            var reader = LegacyRowReaders.For(options, TimeProvider.System);
            using var store = new LiteDbDocumentStore(Path.Combine(directory, "store.db"));
            var load = Stopwatch.StartNew();
            var loaded = await new BulkLoader(Projection, reader, store, options, TimeProvider.System)
                .RunAsync(Path.Combine(directory, "load.ndjson"), restart: true, handover: null, CancellationToken.None);
            load.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Reconcile: PostgreSQL, {customers} customers with 2 addresses each; bulk load {loaded.KeysLoaded / load.Elapsed.TotalSeconds:F0} keys/s"));

            var batched = Stopwatch.StartNew();
            var summary = await new Reconciler(Projection, reader, store, options, TimeProvider.System)
                .RunAsync(new ReconcileRequest { Projection = Projection.Name, ReportPath = Path.Combine(directory, "report.ndjson"), Restart = true }, CancellationToken.None);
            batched.Stop();
            var singleRate = await OneKeyAtATimeAsync(connectionString, store, singles);
            Console.WriteLine($"{"mode",-44} {"keys/s",10} {"findings",9}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"batched temp-table reader (500 keys, 4 at once)",-44} {summary.KeysChecked / batched.Elapsed.TotalSeconds,10:F0} {summary.TotalFindings,9}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"one query per key and table (1 connection)",-44} {singleRate.Rate,10:F0} {singleRate.Findings,9}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"batched / one at a time: {summary.KeysChecked / batched.Elapsed.TotalSeconds / singleRate.Rate:F1}x (keys checked include both phases: {summary.KeysChecked})"));

            // The legacy reader alone (rows read and grouped, no store, no comparison): what the temporary table buys.
            var readerBatched = await ReadAllBatchedAsync(reader, customers);
            var readerSingle = await ReadOneAtATimeAsync(connectionString, singles);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"legacy reader only: batches of 500, 1 connection",-44} {readerBatched,10:F0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"legacy reader only: one query per key and table",-44} {readerSingle,10:F0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"legacy reader, batched / one at a time: {readerBatched / readerSingle:F1}x"));
        }
        finally
        {
            await ExecAsync(server, $"DROP SCHEMA IF EXISTS {schema} CASCADE");
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(double Rate, int Findings)> OneKeyAtATimeAsync(string connectionString, LiteDbDocumentStore store, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var root = new NpgsqlCommand("SELECT * FROM customers WHERE id = $1", connection) { Parameters = { new NpgsqlParameter<long>() } };
        await using var children = new NpgsqlCommand("SELECT * FROM addresses WHERE customer_id = $1", connection) { Parameters = { new NpgsqlParameter<long>() } };
        await root.PrepareAsync();
        await children.PrepareAsync();
        var findings = 0;
        var watch = Stopwatch.StartNew();
        foreach (var chunk in Enumerable.Range(1, count).Select(i => (object)(long)i).Chunk(500))
        {
            var documents = await store.FindManyAsync(Projection.Collection, chunk, CancellationToken.None);
            foreach (var key in chunk)
            {
                ((NpgsqlParameter<long>)root.Parameters[0]).TypedValue = (long)key;
                ((NpgsqlParameter<long>)children.Parameters[0]).TypedValue = (long)key;
                var rootRows = await ReadAsync(root, "id", "id");
                var childRows = await ReadAsync(children, "id", "customer_id");
                var entity = new LegacyEntity(key, rootRows.SingleOrDefault(), [childRows]);
                var stored = LiveDocuments.Of(documents.GetValueOrDefault(key));
                if (entity.Root is null || stored is null || DocumentComparer.Compare(ExpectedDocument.Of(Projection, entity), stored).Count > 0)
                {
                    findings++;
                }
            }
        }

        return (count / watch.Elapsed.TotalSeconds, findings);
    }

    private static async Task<double> ReadAllBatchedAsync(ILegacyRowReader reader, int customers)
    {
        await using var connection = reader.CreateConnection();
        await connection.OpenAsync();
        var reads = new List<TableRead> { new("customers", "id", "id"), new("addresses", "customer_id", "id") };
        var watch = Stopwatch.StartNew();
        foreach (var chunk in Enumerable.Range(1, customers).Select(i => (object)(long)i).Chunk(500))
        {
            _ = LegacyEntity.Group(chunk, await reader.ReadAsync(connection, chunk, reads, CancellationToken.None));
        }

        return customers / watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> ReadOneAtATimeAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var root = new NpgsqlCommand("SELECT * FROM customers WHERE id = $1", connection) { Parameters = { new NpgsqlParameter<long>() } };
        await using var children = new NpgsqlCommand("SELECT * FROM addresses WHERE customer_id = $1", connection) { Parameters = { new NpgsqlParameter<long>() } };
        await root.PrepareAsync();
        await children.PrepareAsync();
        var watch = Stopwatch.StartNew();
        for (var key = 1L; key <= count; key++)
        {
            ((NpgsqlParameter<long>)root.Parameters[0]).TypedValue = key;
            ((NpgsqlParameter<long>)children.Parameters[0]).TypedValue = key;
            var rootRows = await ReadAsync(root, "id", "id");
            _ = new LegacyEntity(key, rootRows.SingleOrDefault(), [await ReadAsync(children, "id", "customer_id")]);
        }

        return count / watch.Elapsed.TotalSeconds;
    }

    private static async Task<List<LegacyRow>> ReadAsync(NpgsqlCommand command, string keyColumn, string matchColumn)
    {
        await using var reader = await command.ExecuteReaderAsync();
        return await RowValues.ReadAllAsync(reader, keyColumn, matchColumn, CancellationToken.None);
    }

    private static async Task ExecAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }
}
