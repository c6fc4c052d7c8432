using System.Text;
using Confluent.Kafka;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Outbox;
using Strangler.Outbox.LiteDb;
using Strangler.Sync.Debezium;
using Strangler.Sync.Echo;
using Strangler.Sync.Projection;
using Strangler.Sync.Stores;
using Strangler.Sync.Tests.Backfill;
using Strangler.Sync.Tests.Consuming;

namespace Strangler.Sync.Tests.Projection;

/// <summary>
/// The projection handler asks the echo filter about each batch: a Debezium PostgreSQL change whose transaction the
/// backfill recorded in strangler_sync_origin never reaches the new service's store.
/// </summary>
public sealed class EchoProjectionTests : IDisposable
{
    private const string Topic = "legacy.dbo.Customers";
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"strangler-{Guid.NewGuid():N}.db");
    private readonly LiteDbDocumentStore _store;

    public EchoProjectionTests() => _store = new LiteDbDocumentStore(_path);

    public void Dispose()
    {
        _store.Dispose();
        File.Delete(_path);
    }

    private ProjectionHandler Handler(IEchoFilter filter, Metrics.SyncMetrics metrics) => new(
        new ChangeProjector(new CustomersProjection(Topic).Define()), _store, filter, metrics, TimeProvider.System, NullLogger<ProjectionHandler>.Instance);

    /// <summary>A Debezium PostgreSQL create of dbo.Customers (JSON converter without schemas) made by transaction <paramref name="txId"/>.</summary>
    private static ConsumeResult<byte[]?, byte[]?> Created(long id, string name, long txId, long offset) => Change("c", id, name, txId, offset);

    /// <summary>A Debezium PostgreSQL change of dbo.Customers (<paramref name="op"/> c, u or d) at LSN 1000 + offset.</summary>
    private static ConsumeResult<byte[]?, byte[]?> Change(string op, long id, string name, long txId, long offset)
    {
        var row = $"{{\"Id\":{id},\"Name\":\"{name}\",\"CreditLimit\":\"1.00\"}}";
        var (before, after) = op == "d" ? (row, "null") : ("null", row);
        return new()
        {
            Topic = Topic,
            Partition = new Partition(0),
            Offset = new Offset(offset),
            Message = new Message<byte[]?, byte[]?>
            {
                Key = Encoding.UTF8.GetBytes($"{{\"Id\":{id}}}"),
                Value = Encoding.UTF8.GetBytes(
                    $"{{\"before\":{before},\"after\":{after},"
                    + $"\"source\":{{\"connector\":\"postgresql\",\"schema\":\"dbo\",\"table\":\"Customers\",\"txId\":{txId},\"lsn\":{1000 + offset},\"ts_ms\":1764072000000}},"
                    + $"\"op\":\"{op}\",\"ts_ms\":1764072000100}}"),
            },
        };
    }

    private async Task<string?> NameAsync(long id) =>
        (await _store.FindAsync("customers", id, TestContext.Current.CancellationToken)) is { } d && d.TryGetValue("name", out var n) ? (string?)n : null;

    [Fact]
    public async Task A_change_of_a_recorded_backfill_transaction_is_skipped_and_a_monolith_change_is_applied()
    {
        await using var db = await LegacyTestDatabase.CreateAsync(LegacyProvider.Postgres);
        await db.ExecAsync("INSERT INTO strangler_sync_origin (tx_id, origin) VALUES (@txId, 'backfill')", new { txId = 5001L });
        var metrics = TestConsumers.NewMetrics();
        var handler = Handler(EchoFilters.For(new EchoOptions { Provider = "postgres", ConnectionString = db.ConnectionString }), metrics);

        var outcome = await handler.HandleAsync(
            [Created(1, "written by the backfill", txId: 5001, offset: 0), Created(2, "written by the monolith", txId: 5002, offset: 1)],
            TestContext.Current.CancellationToken);

        Assert.Empty(outcome.DeadLetters);
        Assert.Null(await _store.FindAsync("customers", 1L, TestContext.Current.CancellationToken));
        Assert.Equal("written by the monolith", await NameAsync(2));
        var stats = metrics.Pipelines.Single();
        Assert.Equal(1, stats.Applied);
        Assert.Equal(1, stats.Skipped);
    }

    [Fact]
    public async Task A_service_delete_round_trip_keeps_the_customer_deleted_until_the_monolith_inserts_the_key_again()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await LegacyTestDatabase.CreateAsync(LegacyProvider.Postgres);
        var handler = Handler(EchoFilters.For(new EchoOptions { Provider = "postgres", ConnectionString = db.ConnectionString }), TestConsumers.NewMetrics());
        await db.ExecAsync("INSERT INTO customers (id, name) VALUES (1, 'Ada')");
        await handler.HandleAsync([Change("c", 1, "Ada", txId: 7001, offset: 0)], ct);

        // 1. The new service deletes the customer and stages CustomerDeleted in the same transaction.
        using (var service = new LiteDatabase(new ConnectionString { Filename = _path, Connection = ConnectionType.Shared }, new BsonMapper()))
        {
            var outbox = new LiteDbOutbox(service, new OutboxOptions { Topic = "customers.events", Source = "/customers" }, TimeProvider.System);
            outbox.InTransaction((_, events) =>
            {
                Assert.True(events.Delete("customers", 1L));
                events.Stage("CustomerDeleted", "1", new { id = 1 });
            });
        }

        // 2. The backfill deletes the legacy row; its transaction is recorded as the backfill's own.
        await new BackfillHarness(db).HandleAsync(Events.Deleted(1, second: 5));
        Assert.Empty(await db.CustomersAsync());
        var backfillTx = Assert.Single(await db.QueryAsync<long>("SELECT tx_id FROM strangler_sync_origin"));

        // 3. CDC delivers a monolith update made before that delete, then the delete itself (an echo).
        await handler.HandleAsync([Change("u", 1, "updated before the delete", txId: 7002, offset: 1), Change("d", 1, "Ada", backfillTx, offset: 2)], ct);
        Assert.Null(await _store.FindLiveAsync("customers", 1L, ct));
        var tombstone = (await _store.FindAsync("customers", 1L, ct))!;
        Assert.Equal(SourcePosition.Postgres(1002, 0).Value, tombstone[DocumentFields.Position]);
        Assert.False(tombstone.ContainsKey(DocumentFields.DeletedByService));

        // 4. A replay of the older changes brings nothing back; the monolith inserting the key again does.
        await handler.HandleAsync([Change("c", 1, "Ada", txId: 7001, offset: 0), Change("u", 1, "updated before the delete", txId: 7002, offset: 1)], ct);
        Assert.Null(await _store.FindLiveAsync("customers", 1L, ct));
        await handler.HandleAsync([Change("c", 1, "Ada again", txId: 7003, offset: 3)], ct);
        Assert.Equal("Ada again", await NameAsync(1));
    }

    [Fact]
    public async Task Without_an_echo_filter_every_change_is_applied()
    {
        var metrics = TestConsumers.NewMetrics();
        var handler = Handler(EchoFilters.For(new EchoOptions()), metrics);

        await handler.HandleAsync([Created(1, "a", txId: 5001, offset: 0), Created(2, "b", txId: 5002, offset: 1)], TestContext.Current.CancellationToken);

        Assert.Equal("a", await NameAsync(1));
        Assert.Equal("b", await NameAsync(2));
    }

    [Fact]
    public async Task An_unreachable_legacy_database_fails_the_batch_so_it_is_retried_and_writes_nothing()
    {
        // Port 1 on loopback: refused at once, a transient failure like a database that is down.
        var unreachable = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = 1, Username = "x", Password = "x", Timeout = 2 }.ConnectionString;
        var handler = Handler(EchoFilters.For(LegacyProvider.Postgres, unreachable), TestConsumers.NewMetrics());

        await Assert.ThrowsAnyAsync<NpgsqlException>(() =>
            handler.HandleAsync([Created(1, "a", txId: 5001, offset: 0)], TestContext.Current.CancellationToken));

        Assert.Null(await _store.FindAsync("customers", 1L, TestContext.Current.CancellationToken));
    }
}
