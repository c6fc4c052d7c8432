using System.Text.Json;
using LiteDB;
using Microsoft.Data.Sqlite;
using Strangler.Cli.Commands.Demo;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Demo;

/// <summary>One running demo (all four hosts on free ports) with customers flipped to <c>new</c>, shared by a class.</summary>
public sealed class DemoLoopFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    internal DemoEnvironment Demo { get; private set; } = null!;

    public HttpClient Gateway { get; private set; } = null!;

    public HttpClient Legacy { get; private set; } = null!;

    public HttpClient Customers { get; private set; } = null!;

    public HttpClient Sync { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Demo = await DemoEnvironment.StartAsync(
            new DemoSettings
            {
                GatewayPort = 0, LegacyPort = 0, CustomersPort = 0, SyncPort = 0,
                WorkDirectory = _directory.Path, RoutesSource = Repository.Routes,
            },
            TestContext.Current.CancellationToken);
        Gateway = new HttpClient { BaseAddress = Demo.Gateway };
        Legacy = new HttpClient { BaseAddress = Demo.Legacy };
        Customers = new HttpClient { BaseAddress = Demo.Customers };
        Sync = new HttpClient { BaseAddress = Demo.Sync };
        var flip = await CliRunner.RunAsync(
            "routes", "flip", "customers", "new", "--reason", "migration loop test",
            "--gateway", Demo.Gateway.ToString(), "--token", Demo.AdminToken);
        Assert.True(flip.ExitCode == 0, flip.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        Gateway.Dispose();
        Legacy.Dispose();
        Customers.Dispose();
        Sync.Dispose();
        await Demo.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>Reads a scalar straight from the monolith's SQLite file.</summary>
    public async Task<T?> LegacyScalarAsync<T>(string sql, object key)
    {
        await using var connection = new SqliteConnection(Demo.LegacyConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", key);
        var value = await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Changes the monolith's rows behind the capture's back: the statements run in one transaction marked as the
    /// backfill's (<c>strangler_sync_origin</c>), so the capture does not send them to the projection, and the two sides
    /// stay apart until a repair.
    /// </summary>
    public async Task LegacyBehindTheCaptureAsync(string sql, object key)
    {
        await using var connection = new SqliteConnection(Demo.LegacyConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        foreach (var statement in new[] { "INSERT INTO strangler_sync_origin (origin) VALUES ('backfill')", sql, "DELETE FROM strangler_sync_origin" })
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = statement;
            command.Parameters.AddWithValue("$key", key);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await transaction.CommitAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The raw document of a customer in the service's LiteDB file, reserved fields included.</summary>
    public BsonDocument? CustomerDocument(long id)
    {
        using var database = new LiteDatabase(new ConnectionString { Filename = Demo.CustomersDatabase, Connection = ConnectionType.Shared });
        return database.GetCollection("customers").FindById(id);
    }

    /// <summary>
    /// Changes a customer's document in the service's LiteDB file directly, behind the pipeline's back: no legacy change
    /// comes through CDC to undo it, so the two sides stay apart until a repair.
    /// </summary>
    public void ChangeCustomerDocument(long id, Action<BsonDocument> change)
    {
        using var database = new LiteDatabase(new ConnectionString { Filename = Demo.CustomersDatabase, Connection = ConnectionType.Shared });
        var customers = database.GetCollection("customers");
        var document = customers.FindById(id) ?? throw new InvalidOperationException($"no document for customer {id}");
        change(document);
        customers.Update(document);
    }

    /// <summary>
    /// Waits until the projection has counted (applied, skipped or dead-lettered) as many changes as the capture has
    /// recorded in the monolith since the demo started, snapshot included, and returns that number. Every change the
    /// demo's tests make to a Customers or Addresses row is one write, so the counters then hold every change made so
    /// far: those of earlier tests too, which the projection may still be working through (the root and child tables
    /// are separate topics, so a customer can be served before its address row is projected).
    /// </summary>
    public async Task<long> ProjectionCaughtUpAsync()
    {
        // seq is AUTOINCREMENT: sqlite_sequence keeps the highest one ever used, after the rows are published and deleted.
        var captured = await LegacyScalarAsync<long>("SELECT seq FROM sqlite_sequence WHERE name = $key", "strangler_capture_changes");
        await Eventually.UntilAsync(
            () => PipelineAsync("customers-projection"),
            p => p.ValueKind == JsonValueKind.Object
                && p.GetProperty("applied").GetInt64() + p.GetProperty("skipped").GetInt64() + p.GetProperty("deadLettered").GetInt64() >= captured,
            $"the projection counting all {captured} changes the capture recorded");
        return captured;
    }

    /// <summary>One pipeline's entry of the worker's status endpoint.</summary>
    public async Task<JsonElement> PipelineAsync(string name)
    {
        var status = JsonDocument.Parse(await Sync.GetStringAsync("/_strangler/sync/status", TestContext.Current.CancellationToken)).RootElement;
        return status.GetProperty("pipelines").EnumerateArray().FirstOrDefault(p => p.GetProperty("name").GetString() == name);
    }
}
