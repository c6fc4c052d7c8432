using MongoDB.Driver;
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

    private MongoDocumentStore Store()
    {
        if (_client is null)
        {
            Assert.Skip("STRANGLER_TEST_MONGO is not set: no MongoDB server on this machine (set it to a connection string to run these tests).");
        }

        return new MongoDocumentStore(_client.GetDatabase(_database));
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
}
