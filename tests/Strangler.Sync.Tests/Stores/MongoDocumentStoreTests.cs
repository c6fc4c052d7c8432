using Microsoft.Extensions.Time.Testing;
using MongoDB.Bson;
using MongoDB.Driver;
using Strangler.Outbox;
using Strangler.Outbox.Mongo;
using Strangler.Sync.Debezium;
using Strangler.Sync.Projection;
using Strangler.Sync.Stores;
using Strangler.Sync.Tests.Projection;
using static Strangler.Sync.Tests.Projection.Changes;

namespace Strangler.Sync.Tests.Stores;

/// <summary>The MongoDB store against a real server (STRANGLER_TEST_MONGO), each test in its own database.</summary>
public sealed class MongoDocumentStoreTests : IDisposable
{
    private readonly MongoClient? _client;
    private readonly string _database = $"strangler_{Guid.NewGuid():N}";
    private readonly ChangeProjector _projector = new(new CustomersProjection().Define());

    public MongoDocumentStoreTests()
    {
        var connectionString = Environment.GetEnvironmentVariable("STRANGLER_TEST_MONGO");
        _client = string.IsNullOrEmpty(connectionString) ? null : new MongoClient(connectionString);
    }

    public void Dispose()
    {
        _client?.DropDatabase(_database);
        _client?.Dispose();
    }

    private MongoDocumentStore Store(TimeProvider? time = null)
    {
        if (_client is null)
        {
            Assert.Skip("STRANGLER_TEST_MONGO is not set: no MongoDB server on this machine (set it to a connection string to run these tests).");
        }

        return new MongoDocumentStore(_client.GetDatabase(_database), time);
    }

    private Task<WriteCounts> ApplyAsync(IDocumentStore store, params ChangeEvent[] changes) =>
        store.ApplyAsync("customers", changes.SelectMany(_projector.Project).ToList(), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Stale_and_duplicate_writes_are_no_ops()
    {
        var store = Store();
        Assert.Equal(new WriteCounts(2, 0), await ApplyAsync(store, Customer(ChangeOperation.Create, 1, "Ada", 1), Customer(ChangeOperation.Update, 1, "Ada L.", 3)));
        Assert.Equal(new WriteCounts(0, 2), await ApplyAsync(store, Customer(ChangeOperation.Update, 1, "older", 2), Customer(ChangeOperation.Update, 1, "Ada L.", 3)));

        var customer = await store.FindAsync("customers", 1L, TestContext.Current.CancellationToken);
        Assert.Equal("Ada L.", customer!["name"]);
    }

    [Fact]
    public async Task Two_writers_racing_on_one_document_leave_the_newest_change()
    {
        var store = Store();
        var changes = Enumerable.Range(1, 40).Select(i => Customer(ChangeOperation.Update, 1, $"v{i}", i)).ToList();
        var evens = Task.Run(() => ApplyAsync(store, [.. changes.Where((_, i) => i % 2 == 0).Reverse()]));
        var odds = Task.Run(() => ApplyAsync(store, [.. changes.Where((_, i) => i % 2 == 1)]));
        await Task.WhenAll(evens, odds);

        Assert.Equal("v40", (await store.FindAsync("customers", 1L, TestContext.Current.CancellationToken))!["name"]);
    }

    [Fact]
    public async Task Items_deletes_and_truncates_follow_the_same_rules_as_the_embedded_store()
    {
        var store = Store();
        await ApplyAsync(store,
            Address(ChangeOperation.Create, 10, 1, "London", 2),
            Customer(ChangeOperation.Create, 1, "Ada", 1),
            Address(ChangeOperation.Update, 10, 1, "Cambridge", 3));
        Assert.Equal(new WriteCounts(0, 1), await ApplyAsync(store, Address(ChangeOperation.Update, 10, 1, "London", 2)));
        var customer = (await store.FindAsync("customers", 1L, TestContext.Current.CancellationToken))!;
        var address = Assert.Single((List<object?>)customer["addresses"]!);
        Assert.Equal("Cambridge", ((IReadOnlyDictionary<string, object?>)address!)["city"]);
        Assert.Equal("Ada", customer["name"]);

        await ApplyAsync(store, Truncate("dbo.Addresses", 4), Customer(ChangeOperation.Delete, 1, "Ada", 5));
        Assert.Equal(new WriteCounts(0, 1), await ApplyAsync(store, Customer(ChangeOperation.Create, 1, "Ada", 1)));
        Assert.Equal(true, (await store.FindAsync("customers", 1L, TestContext.Current.CancellationToken))![DocumentFields.Deleted]);
    }

    private async Task<bool> ServiceDeleteAsync(long id, TimeProvider time)
    {
        var outbox = new MongoOutbox(_client!.GetDatabase(_database), new OutboxOptions { Topic = "customers.events", Source = "/customers" }, time);
        using var session = await _client.StartSessionAsync(cancellationToken: TestContext.Current.CancellationToken);
        return await outbox.DeleteAsync(session, "customers", id, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_service_delete_holds_until_the_legacy_delete_confirms_it_and_only_a_newer_insert_brings_the_key_back()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        var store = Store(time);
        await ApplyAsync(store, Customer(ChangeOperation.Create, 1, "Ada", 1), Customer(ChangeOperation.Update, 1, "Ada L.", 2));

        Assert.True(await ServiceDeleteAsync(1, time));
        Assert.False(await ServiceDeleteAsync(1, time));
        Assert.Equal(new WriteCounts(0, 2), await ApplyAsync(store, Customer(ChangeOperation.Update, 1, "Ada L.", 2), Customer(ChangeOperation.Update, 1, "late", 3)));
        var tombstone = (await store.FindAsync("customers", 1L, ct))!;
        Assert.Equal(true, tombstone[DocumentFields.DeletedByService]);
        Assert.Equal(At(2).Value, tombstone[DocumentFields.Position]);
        Assert.Equal(time.GetUtcNow().UtcDateTime, tombstone[DocumentFields.DeletedAt]);
        Assert.Null(await store.FindLiveAsync("customers", 1L, ct));

        Assert.Equal(new WriteCounts(1, 0), await store.ApplyAsync("customers", _projector.ProjectEcho(Customer(ChangeOperation.Delete, 1, "Ada", 5)), ct));
        Assert.Equal(new WriteCounts(0, 1), await ApplyAsync(store, Customer(ChangeOperation.Update, 1, "late", 3)));
        Assert.Equal(new WriteCounts(1, 0), await ApplyAsync(store, Customer(ChangeOperation.Create, 1, "Ada again", 6)));
        Assert.Equal("Ada again", (await store.FindLiveAsync("customers", 1L, ct))!["name"]);
    }

    [Fact]
    public async Task A_cdc_delete_keeps_older_updates_out_and_an_echo_never_deletes_a_live_document()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Store();
        await ApplyAsync(store, Customer(ChangeOperation.Create, 1, "Ada", 1), Customer(ChangeOperation.Delete, 1, "Ada", 3));
        Assert.Equal(new WriteCounts(0, 1), await ApplyAsync(store, Customer(ChangeOperation.Update, 1, "older", 2)));
        Assert.Equal(new WriteCounts(1, 0), await ApplyAsync(store, Customer(ChangeOperation.Create, 1, "newer", 4)));

        await _client!.GetDatabase(_database).GetCollection<BsonDocument>("customers")
            .InsertOneAsync(new BsonDocument { ["_id"] = 2L, ["name"] = "created by the service" }, cancellationToken: ct);
        Assert.Equal(new WriteCounts(0, 1), await store.ApplyAsync("customers", _projector.ProjectEcho(Customer(ChangeOperation.Delete, 2, "old", 5)), ct));
        Assert.Equal("created by the service", (await store.FindLiveAsync("customers", 2L, ct))!["name"]);
    }

    [Fact]
    public async Task An_item_the_service_removed_stays_removed_until_its_legacy_delete()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Store();
        await ApplyAsync(store, Customer(ChangeOperation.Create, 1, "Ada", 1), Address(ChangeOperation.Create, 10, 1, "London", 2), Address(ChangeOperation.Create, 11, 1, "Paris", 3));
        var outbox = new MongoOutbox(_client!.GetDatabase(_database), new OutboxOptions { Topic = "customers.events", Source = "/customers" }, TimeProvider.System);
        using (var session = await _client.StartSessionAsync(cancellationToken: ct))
        {
            Assert.True(await outbox.DeleteItemAsync(session, "customers", 1L, "addresses", 10L, ct));
            Assert.False(await outbox.DeleteItemAsync(session, "customers", 1L, "addresses", 10L, ct));
        }

        Assert.Equal(new WriteCounts(0, 1), await ApplyAsync(store, Address(ChangeOperation.Update, 10, 1, "London, late", 4)));
        Assert.Equal(new WriteCounts(1, 1), await store.ApplyAsync("customers",
            [.. _projector.ProjectEcho(Address(ChangeOperation.Delete, 10, 1, "London", 5)), .. _projector.ProjectEcho(Address(ChangeOperation.Delete, 11, 1, "Paris", 5))], ct));
        Assert.Equal(new WriteCounts(0, 1), await ApplyAsync(store, Address(ChangeOperation.Update, 10, 1, "London, late", 4)));
        var cities = ((List<object?>)(await store.FindLiveAsync("customers", 1L, ct))!["addresses"]!).Cast<IReadOnlyDictionary<string, object?>>().Select(a => a["city"]);
        Assert.Equal(["Paris"], cities);

        Assert.Equal(new WriteCounts(1, 0), await ApplyAsync(store, Address(ChangeOperation.Create, 10, 1, "London again", 6)));
    }

    [Fact]
    public async Task Pruning_removes_only_tombstones_past_their_retention()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
        var store = Store(time);
        await ApplyAsync(store,
            Customer(ChangeOperation.Create, 1, "Ada", 1), Address(ChangeOperation.Create, 10, 1, "London", 2), Address(ChangeOperation.Create, 11, 1, "Paris", 3),
            Customer(ChangeOperation.Create, 2, "Bob", 4), Customer(ChangeOperation.Create, 3, "Cy", 5), Customer(ChangeOperation.Create, 4, "Di", 6));
        await ApplyAsync(store, Address(ChangeOperation.Delete, 10, 1, "London", 7), Customer(ChangeOperation.Delete, 2, "Bob", 8));
        await ServiceDeleteAsync(3, time);
        await _client!.GetDatabase(_database).GetCollection<BsonDocument>("customers")
            .InsertOneAsync(new BsonDocument { ["_id"] = 5L, ["_pos"] = At(9).Value, ["_deleted"] = true }, cancellationToken: ct);
        time.Advance(TimeSpan.FromDays(3));
        await ApplyAsync(store, Address(ChangeOperation.Delete, 11, 1, "Paris", 10), Customer(ChangeOperation.Delete, 4, "Di", 11));
        time.Advance(TimeSpan.FromDays(1));

        var counts = await store.PruneTombstonesAsync("customers", ["addresses"], time.GetUtcNow() - TimeSpan.FromDays(2), 1, ct);

        Assert.Equal(new TombstonePruneCounts(2, 1), counts);
        Assert.Null(await store.FindAsync("customers", 2L, ct));
        Assert.Null(await store.FindAsync("customers", 3L, ct));
        var item = Assert.Single((List<object?>)(await store.FindAsync("customers", 1L, ct))!["addresses"]!) as IReadOnlyDictionary<string, object?>;
        Assert.Equal(11L, item![DocumentFields.ItemKey]);
        Assert.Equal(true, (await store.FindAsync("customers", 4L, ct))![DocumentFields.Deleted]);
        Assert.Equal(time.GetUtcNow().UtcDateTime, (await store.FindAsync("customers", 5L, ct))![DocumentFields.DeletedAt]);

        time.Advance(TimeSpan.FromDays(3));
        Assert.Equal(new TombstonePruneCounts(2, 1), await store.PruneTombstonesAsync("customers", ["addresses"], time.GetUtcNow() - TimeSpan.FromDays(2), 1, ct));
        Assert.Null(await store.FindAsync("customers", 5L, ct));
    }

    [Fact]
    public async Task A_document_created_by_a_child_row_is_a_stub_that_Live_skips_until_its_root_row_arrives()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Store();
        var customers = _client!.GetDatabase(_database).GetCollection<BsonDocument>("customers");
        await ApplyAsync(store, Address(ChangeOperation.Create, 10, 1, "London", 1));

        Assert.Equal(true, (await store.FindAsync("customers", 1L, ct))![DocumentFields.Stub]);
        Assert.Null(await store.FindLiveAsync("customers", 1L, ct));
        Assert.Equal(0, await customers.CountDocumentsAsync(MongoProjected.Live<BsonDocument>(), cancellationToken: ct));

        await ApplyAsync(store, Customer(ChangeOperation.Create, 1, "Ada", 2));

        var live = (await store.FindLiveAsync("customers", 1L, ct))!;
        Assert.Equal("Ada", live["name"]);
        Assert.False(live.ContainsKey(DocumentFields.Stub));
        Assert.Single((List<object?>)live["addresses"]!);
        Assert.Equal(1, await customers.CountDocumentsAsync(MongoProjected.Live<BsonDocument>(), cancellationToken: ct));
    }

    [Fact]
    public async Task A_document_the_collections_validator_refuses_is_reported_without_its_values()
    {
        var store = Store();
        var ct = TestContext.Current.CancellationToken;
        var database = _client!.GetDatabase(_database);
        await database.CreateCollectionAsync("customers", new CreateCollectionOptions<BsonDocument>
        {
            Validator = new BsonDocumentFilterDefinition<BsonDocument>(
                BsonDocument.Parse("{ $jsonSchema: { properties: { name: { bsonType: 'string', maxLength: 3 } } } }")),
        }, ct);

        var error = await Assert.ThrowsAsync<DocumentStoreException>(() => ApplyAsync(store, Customer(ChangeOperation.Create, 1, "s3cret-name", 1)));

        Assert.Contains("MongoDB error 121", error.Message);
        Assert.Contains("collection 'customers'", error.Message);
        Assert.Contains("name", error.Message);
        Assert.DoesNotContain("s3cret", error.ToString());
        Assert.Null(error.InnerException);
    }
}
