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
/// Keys reconciled per second against PostgreSQL: the shipped reconciler with its defaults (batches of 500 keys
/// through a temporary table, 4 batches at once, each on its own connection) beside the same job, the same code and
/// options, whose reader does one query per key and table instead (<see cref="OneQueryPerKeyReader"/>), in the same run
/// on the same data and the same embedded store. Then the shipped job on the data made to differ, in one key of every
/// batch (every batch waits for its recheck) and in every key. Then the legacy reader alone, both ways, on one
/// connection. Usage:
/// <c>[--quick] [--rtt milliseconds] [connection string]</c>; 100,000 customers with two addresses each (10,000 with
/// --quick). With <c>--rtt</c> (milliseconds) the jobs and the readers reach PostgreSQL through a <see cref="DelayedLink"/> that adds
/// that much to every round trip, as a database on another host would; the data is made and changed directly.
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
        var rtt = RoundTripArgument(args);
        var server = args.Where((a, i) => a != "--quick" && a != "--rtt" && (i == 0 || args[i - 1] != "--rtt")).FirstOrDefault()
            ?? Environment.GetEnvironmentVariable("STRANGLER_TEST_POSTGRES")
            ?? throw new UsageException("Pass a PostgreSQL connection string or set STRANGLER_TEST_POSTGRES.");
        var customers = quick ? 10_000 : 100_000;
        // The reader alone, one key at a time on one connection, is measured on a slice: at its rate the whole set would
        // take most of the run.
        var slice = quick ? 2_000 : 10_000;
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

            await using var link = rtt is { } delay ? LinkTo(server, delay) : null;
            var jobs = link is null ? connectionString
                : new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = link.Port }.ConnectionString;
            var direct = await RoundTripAsync(connectionString);
            var linked = link is null ? direct : await RoundTripAsync(jobs);
            Console.WriteLine(link is null
                ? string.Create(CultureInfo.InvariantCulture, $"Link: direct, SELECT 1 round trip {direct.TotalMilliseconds:F3} ms (median of 200)")
                : string.Create(CultureInfo.InvariantCulture,
                    $"Link: answers delayed {rtt!.Value.TotalMilliseconds:F2} ms; SELECT 1 round trip {linked.TotalMilliseconds:F3} ms through it, {direct.TotalMilliseconds:F3} ms direct (medians of 200)"));
            var options = new ReconcileOptions { Provider = "postgres", ConnectionString = jobs };
            var reader = LegacyRowReaders.For(options, TimeProvider.System);
            using var store = new LiteDbDocumentStore(Path.Combine(directory, "store.db"));
            var load = Stopwatch.StartNew();
            var loaded = await new BulkLoader(Projection, reader, store, options, TimeProvider.System)
                .RunAsync(Path.Combine(directory, "load.ndjson"), restart: true, handover: null, CancellationToken.None);
            load.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Reconcile: PostgreSQL, {customers} customers with 2 addresses each; bulk load {loaded.KeysLoaded / load.Elapsed.TotalSeconds:F0} keys/s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Both jobs: the shipped Reconciler, default options (batches of {options.BatchSize}, {options.Concurrency} at once, each on its own connection), both phases, embedded store; only the legacy reader differs."));

            var batched = await ReconcileAsync(reader, store, options, directory, "batched", link);
            var perKey = await ReconcileAsync(new OneQueryPerKeyReader(reader), store, options, directory, "per-key", link);
            Console.WriteLine($"{"mode",-50} {"keys/s",10} {"keys",8} {"findings",9}{(link is null ? "" : $" {"requests/key",12}")}");
            Print("batched temp-table reader (shipped)", batched);
            Print("one query per key and table", perKey);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batched / one per key: {batched.Rate / perKey.Rate:F1}x"));

            // The same shipped job on a store that differs in one key of every batch, with the default recheck: each such
            // batch looks again after RecheckDelay, and the job should not wait for those looks one after another.
            await ExecAsync(connectionString, $"UPDATE customers SET name = 'Changed ' || id WHERE id % {options.BatchSize} = {options.BatchSize / 2}");
            var differing = await ReconcileAsync(reader, store, options, directory, "differing", link);
            Print($"batched, 1 key of every {options.BatchSize} differs (recheck {options.RecheckDelay.TotalSeconds:F0} s)", differing);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one differing key a batch / clean: {differing.Rate / batched.Rate:F2}x"));

            // Every key differs (a mapping changed, say): every key is read twice and every finding written.
            await ExecAsync(connectionString, "UPDATE customers SET name = 'Changed ' || id");
            var everyKey = await ReconcileAsync(reader, store, options, directory, "every-key", link);
            Print("batched, every key differs", everyKey);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"every key differs / clean: {everyKey.Rate / batched.Rate:F2}x"));

            // The legacy reader alone (rows read and grouped; no paging, store, comparison or report), one connection.
            var readerBatched = await ReadAllAsync(reader, customers);
            var readerSingle = await ReadAllAsync(new OneQueryPerKeyReader(reader), slice);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"legacy reader only, 1 connection: batches of 500",-50} {readerBatched,10:F0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{$"legacy reader only, 1 connection: one per key ({slice} keys)",-50} {readerSingle,10:F0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"legacy reader, batched / one per key: {readerBatched / readerSingle:F1}x"));

            // The embedded store's share: the reads both jobs make of it, alone and one at a time (they are serialised
            // on its lock in the jobs too). No legacy database, comparison or report.
            var (find, list) = await StoreReadsAsync(store, customers);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"embedded store alone: documents of a batch (500 ids) {find:F1} us/key, store ids in pages of 500 {list:F1} us/key"));

            // The continuous check's sample from the store (half of the 120 keys a minute the demo takes), as shipped
            // (from the id index) against the default that goes through every live id; the median of 5 each.
            var (index, everyId) = await StoreSampleAsync(store, 60);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"continuous check's store sample, 60 of {customers:N0}: id index (as shipped) {index:F1} ms, every live id {everyId:F1} ms, {everyId / index:F1}x"));
        }
        finally
        {
            await ExecAsync(server, $"DROP SCHEMA IF EXISTS {schema} CASCADE");
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The median time of <paramref name="count"/> <c>SELECT 1</c> round trips on one open connection.</summary>
    private static async Task<TimeSpan> RoundTripAsync(string connectionString, int count = 200)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.PrepareAsync();
        var times = new List<TimeSpan>(count);
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await command.ExecuteScalarAsync();
            times.Add(Stopwatch.GetElapsedTime(start));
        }

        times.Sort();
        return times[count / 2];
    }

    private static TimeSpan? RoundTripArgument(string[] args)
    {
        var at = Array.IndexOf(args, "--rtt");
        if (at < 0)
        {
            return null;
        }

        return at + 1 < args.Length && double.TryParse(args[at + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : throw new UsageException("--rtt takes the milliseconds to add to each round trip, a number above 0 (such as 0.5).");
    }

    private static DelayedLink LinkTo(string server, TimeSpan delay)
    {
        var target = new NpgsqlConnectionStringBuilder(server);
        return new DelayedLink(target.Host ?? "127.0.0.1", target.Port, delay);
    }

    private static async Task<JobResult> ReconcileAsync(
        ILegacyRowReader reader, LiteDbDocumentStore store, ReconcileOptions options, string directory, string name, DelayedLink? link)
    {
        var requests = link?.Requests;
        var watch = Stopwatch.StartNew();
        var summary = await new Reconciler(Projection, reader, store, options, TimeProvider.System)
            .RunAsync(new ReconcileRequest { Projection = Projection.Name, ReportPath = Path.Combine(directory, name + ".ndjson"), Restart = true }, CancellationToken.None);
        return new JobResult(summary.KeysChecked / watch.Elapsed.TotalSeconds, summary.KeysChecked, summary.TotalFindings, link?.Requests - requests);
    }

    private static void Print(string mode, JobResult result) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{mode,-50} {result.Rate,10:F0} {result.Keys,8} {result.Findings,9}{(result.Requests is { } sent ? $" {(double)sent / result.Keys,12:F3}" : "")}"));

    /// <summary>A job's keys a second, keys, findings, and the requests it sent over the link (none without one).</summary>
    private sealed record JobResult(double Rate, long Keys, long Findings, long? Requests);

    private static async Task<double> ReadAllAsync(ILegacyRowReader reader, int customers)
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

    private static async Task<(double Index, double EveryId)> StoreSampleAsync(IDocumentScan store, int count)
    {
        static async Task<double> MedianAsync(Func<Task> sample)
        {
            var times = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await sample();
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            times.Sort();
            return times[2];
        }

        return (await MedianAsync(() => store.SampleIdsAsync(Projection.Collection, count, CancellationToken.None)),
            await MedianAsync(() => IDocumentScan.SampleByPagesAsync(store, Projection.Collection, count, CancellationToken.None)));
    }

    private static async Task<(double Find, double List)> StoreReadsAsync(IDocumentScan store, int customers)
    {
        var watch = Stopwatch.StartNew();
        foreach (var chunk in Enumerable.Range(1, customers).Select(i => (object)(long)i).Chunk(500))
        {
            _ = await store.FindManyAsync(Projection.Collection, chunk, CancellationToken.None);
        }

        var find = watch.Elapsed.TotalMicroseconds / customers;
        watch.Restart();
        object? after = null;
        var ids = 0;
        for (var page = await store.ListIdsAsync(Projection.Collection, null, 500, CancellationToken.None); page.Count > 0;
             page = await store.ListIdsAsync(Projection.Collection, after, 500, CancellationToken.None))
        {
            ids += page.Count;
            after = page[^1];
        }

        return (find, watch.Elapsed.TotalMicroseconds / Math.Max(ids, 1));
    }

    private static async Task ExecAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }
}
