using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Migrations;
using Strangler.Sync.Backfill;

namespace Strangler.Benchmarks.SyncOut;

/// <summary>
/// Events applied per second into PostgreSQL by the backfill: batched (one transaction and a few multi-row
/// statements per batch), one event per transaction, and PostgreSQL's own binary COPY of the same rows as the
/// ceiling. Each mode writes into its own fresh schema, all dropped when the run ends. Usage: <c>[connection string] [events] [batch size] [rounds]</c>;
/// the connection defaults to STRANGLER_TEST_POSTGRES.
/// </summary>
public static class SyncOutBenchmark
{
    // The schemas this run made: each measurement has its own, dropped at the end (runs left them on the server).
    private static readonly List<string> Schemas = [];

    /// <summary>Runs the three modes and prints their rates side by side.</summary>
    public static async Task RunAsync(string[] args)
    {
        try
        {
            await MeasureAllAsync(args);
        }
        finally
        {
            await DropSchemasAsync();
        }
    }

    private static async Task MeasureAllAsync(string[] args)
    {
        var server = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("STRANGLER_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Pass a PostgreSQL connection string or set STRANGLER_TEST_POSTGRES.");
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
        var batchSize = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 500;
        var rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
        // One at a time pays a commit per event; a tenth of the events is plenty to measure its rate.
        var singles = Math.Max(100, count / 10);
        var messages = Enumerable.Range(1, count).Select(Message).ToList();
        var mapping = new DeclaredEventMapping("CustomerRegistered", new EventMappingOptions
        {
            Table = "customers", KeyColumn = "id",
            Columns = new Dictionary<string, string> { ["name"] = "name", ["city"] = "address.city", ["since"] = "since" },
        });

        // Warm-up (JIT, connection pools, Dapper's statement cache) so that the first mode measured is not penalised.
        await MeasureAsync(server, 1_000, async writer =>
        {
            foreach (var chunk in messages.Take(1_000).Chunk(batchSize))
            {
                await writer.ApplyAsync(chunk.Select(m => Map(mapping, m)).ToList(), CancellationToken.None);
            }
        });
        Console.WriteLine($"SyncOut: {count} CustomerRegistered events into PostgreSQL (batch {batchSize}; one-at-a-time measured on {singles}; " +
                          $"best of {rounds} rounds, the modes interleaved so that load from other processes hits them alike)");
        double batched = 0, single = 0, copy = 0, copyAll = 0;
        for (var round = 0; round < rounds; round++)
        {
            batched = Math.Max(batched, await MeasureAsync(server, count, async writer =>
            {
                foreach (var chunk in messages.Chunk(batchSize))
                {
                    await writer.ApplyAsync(chunk.Select(m => Map(mapping, m)).ToList(), CancellationToken.None);
                }
            }));
            single = Math.Max(single, await MeasureAsync(server, singles, async writer =>
            {
                foreach (var message in messages.Take(singles))
                {
                    await writer.ApplyAsync([Map(mapping, message)], CancellationToken.None);
                }
            }));
            copy = Math.Max(copy, await MeasureCopyAsync(server, messages, mapping, withBookkeeping: false));
            copyAll = Math.Max(copyAll, await MeasureCopyAsync(server, messages, mapping, withBookkeeping: true));
        }

        Console.WriteLine($"{"mode",-28}{"events/s",12}{"vs one-at-a-time",20}{"vs COPY",10}");
        foreach (var (mode, rate) in new[] { ("backfill, batched", batched), ("backfill, one at a time", single), ("COPY, customer rows only", copy),
                     ("COPY, rows + bookkeeping", copyAll) })
        {
            Console.WriteLine($"{mode,-28}{rate,12:N0}{rate / single,19:N1}x{rate / copy,9:N2}x");
        }
        Console.WriteLine($"batched vs COPY of the same three rows per event (row, applied event, high-water): {copyAll / batched:N1}x slower");
        Console.WriteLine($"batched vs COPY of the customer rows alone (no duplicate or staleness bookkeeping): {copy / batched:N1}x slower");
        // The issue's ceiling is COPY of the same rows, i.e. everything the backfill writes per event.
        Console.WriteLine($"targets: batched >= 10x one-at-a-time ({(batched >= 10 * single ? "met" : "NOT met")}), " +
                          $"within 3x of COPY of the same rows ({(copyAll <= 3 * batched ? "met" : "NOT met")})");
    }

    private static byte[] Message(int i) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
    {
        specversion = "1.0", id = Guid.CreateVersion7().ToString() /* as the outbox makes them */, type = "CustomerRegistered", source = "/customers",
        subject = i.ToString(CultureInfo.InvariantCulture), time = DateTimeOffset.UnixEpoch.AddSeconds(1_700_000_000 + i),
        data = new { name = "customer " + i, address = new { city = "city " + (i % 97) }, since = "2020-01-01T00:00:00Z" },
    }));

    private static MappedEvent Map(IEventMapping mapping, byte[] message)
    {
        DomainEventReader.TryRead(message, out var domainEvent, out _);
        return new MappedEvent(domainEvent!, mapping.Map(domainEvent!));
    }

    private static async Task<double> MeasureAsync(string server, int events, Func<BackfillWriter, Task> run)
    {
        var connectionString = await FreshSchemaAsync(server);
        var writer = new BackfillWriter(SqlDialects.For(LegacyProvider.Postgres), connectionString, TimeProvider.System);
        var watch = Stopwatch.StartNew();
        await run(writer);
        return events / watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> MeasureCopyAsync(string server, List<byte[]> messages, IEventMapping mapping, bool withBookkeeping)
    {
        await using var connection = new NpgsqlConnection(await FreshSchemaAsync(server));
        await connection.OpenAsync();
        var watch = Stopwatch.StartNew();
        await using (var import = await connection.BeginBinaryImportAsync("COPY customers (id, name, city, since) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var message in messages)
            {
                // The same parse and map as the backfill, so COPY's figure differs only in how rows reach the table.
                var write = Map(mapping, message).Writes[0];
                await import.StartRowAsync();
                await import.WriteAsync(long.Parse((string)write.Key, CultureInfo.InvariantCulture), NpgsqlDbType.Bigint);
                await import.WriteAsync((string)write.Columns["name"]!, NpgsqlDbType.Text);
                await import.WriteAsync((string)write.Columns["city"]!, NpgsqlDbType.Text);
                await import.WriteAsync(DateTimeOffset.Parse((string)write.Columns["since"]!, CultureInfo.InvariantCulture), NpgsqlDbType.TimestampTz);
            }
            await import.CompleteAsync();
        }
        if (withBookkeeping)
        {
            await CopyBookkeepingAsync(connection, messages);
        }
        return messages.Count / watch.Elapsed.TotalSeconds;
    }

    // The backfill also writes, per event, its applied-events row and its row's high-water mark.
    private static async Task CopyBookkeepingAsync(NpgsqlConnection connection, List<byte[]> messages)
    {
        var events = messages.Select(m =>
        {
            DomainEventReader.TryRead(m, out var e, out _);
            return e!;
        }).ToList();
        await using (var applied = await connection.BeginBinaryImportAsync(
            "COPY strangler_applied_events (event_id, event_type, subject, applied_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var e in events)
            {
                await applied.WriteRowAsync(CancellationToken.None, e.Id, e.Type, e.Subject, DateTimeOffset.UtcNow);
            }
            await applied.CompleteAsync();
        }
        await using var highWater = await connection.BeginBinaryImportAsync(
            "COPY strangler_sync_high_water (row_ref, event_ticks, event_id) FROM STDIN (FORMAT BINARY)");
        foreach (var e in events)
        {
            await highWater.WriteRowAsync(CancellationToken.None, "customers|" + e.Subject, e.Time.UtcTicks, e.Id);
        }
        await highWater.CompleteAsync();
    }

    private static async Task<string> FreshSchemaAsync(string server)
    {
        var schema = "bench_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", admin);
            await command.ExecuteNonQueryAsync();
        }
        Schemas.Add(new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString);
        var connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
        await new MigrationRunner(SqlDialects.For(LegacyProvider.Postgres), TimeProvider.System)
            .ApplyAsync(connectionString, MigrationSource.Embedded(LegacyProvider.Postgres));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand(
            "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, city text, since timestamptz)", connection);
        await create.ExecuteNonQueryAsync();
        return connectionString;
    }

    private static async Task DropSchemasAsync()
    {
        foreach (var connectionString in Schemas)
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            var schema = builder.SearchPath;
            builder.SearchPath = null;
            try
            {
                await using var admin = new NpgsqlConnection(builder.ConnectionString);
                await admin.OpenAsync();
                await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", admin);
                await command.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException e)
            {
                // The figures are printed already; a schema left behind is only worth a line.
                Console.Error.WriteLine($"could not drop schema {schema}: {e.Message}");
            }
        }
        Schemas.Clear();
    }
}
