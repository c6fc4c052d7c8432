using LiteDB;
using Microsoft.Extensions.Time.Testing;
using Strangler.Outbox;
using Strangler.Outbox.LiteDb;
using Strangler.Sync.Debezium;
using Strangler.Sync.Projection;
using Strangler.Sync.Stores;
using Strangler.Sync.Tests.Projection;
using static Strangler.Sync.Tests.Projection.Changes;

namespace Strangler.Sync.Tests.Stores;

/// <summary>
/// Deletes on the embedded store, as the projection and the service share one LiteDB file: the service deletes through
/// its outbox, the projection replays legacy changes around it. Regression: a service delete removed the document, so
/// a replayed older CDC change brought the customer back.
/// </summary>
public sealed class LiteDbTombstoneTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"strangler-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly LiteDbDocumentStore _store;
    private readonly LiteDatabase _service;
    private readonly LiteDbOutbox _outbox;
    private readonly ChangeProjector _projector = new(new CustomersProjection().Define());

    public LiteDbTombstoneTests()
    {
        _store = new LiteDbDocumentStore(_path, _time);
        // The service's own handle on the file, as the sample service opens it.
        _service = new LiteDatabase(new ConnectionString { Filename = _path, Connection = ConnectionType.Shared }, new BsonMapper());
        _outbox = new LiteDbOutbox(_service, new OutboxOptions { Topic = "customers.events", Source = "/customers" }, _time);
    }

    public void Dispose()
    {
        _service.Dispose();
        _store.Dispose();
        File.Delete(_path);
    }

    private Task<WriteCounts> ApplyAsync(params ChangeEvent[] changes) =>
        _store.ApplyAsync("customers", changes.SelectMany(_projector.Project).ToList(), TestContext.Current.CancellationToken);

    /// <summary>The backfill's own delete of the row coming back through CDC (what the echo filter recognises).</summary>
    private Task<WriteCounts> ApplyEchoAsync(ChangeEvent change) =>
        _store.ApplyAsync("customers", _projector.ProjectEcho(change), TestContext.Current.CancellationToken);

    private Task<IReadOnlyDictionary<string, object?>?> RawAsync(long id) => _store.FindAsync("customers", id, TestContext.Current.CancellationToken);

    private Task<IReadOnlyDictionary<string, object?>?> LiveAsync(long id) => _store.FindLiveAsync("customers", id, TestContext.Current.CancellationToken);

    private bool ServiceDelete(long id)
    {
        var deleted = false;
        _outbox.InTransaction((_, events) =>
        {
            deleted = events.Delete("customers", id);
            events.Stage("CustomerDeleted", id.ToString(System.Globalization.CultureInfo.InvariantCulture), new { id });
        });
        return deleted;
    }

    [Fact]
    public async Task A_service_delete_followed_by_a_replayed_older_update_leaves_the_document_deleted()
    {
        await ApplyAsync(Customer(ChangeOperation.Create, 1, "Ada", 1), Customer(ChangeOperation.Update, 1, "Ada L.", 2));

        Assert.True(ServiceDelete(1));
        // A replay of what came before, and a change newer than the document's position but made in the legacy
        // database before the backfill deleted the row: both are older than the delete.
        var counts = await ApplyAsync(Customer(ChangeOperation.Update, 1, "Ada L.", 2), Customer(ChangeOperation.Update, 1, "Ada, late", 3));

        Assert.Equal(new WriteCounts(0, 2), counts);
        Assert.Null(await LiveAsync(1));
        var tombstone = (await RawAsync(1))!;
        Assert.Equal(true, tombstone[DocumentFields.DeletedByService]);
        Assert.Equal(At(2).Value, tombstone[DocumentFields.Position]);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, tombstone[DocumentFields.DeletedAt]);
        Assert.False(tombstone.ContainsKey("name"));
    }

    [Fact]
    public async Task The_echo_of_the_service_delete_confirms_it_and_only_a_genuinely_newer_insert_brings_the_key_back()
    {
        await ApplyAsync(Customer(ChangeOperation.Create, 1, "Ada", 1));
        ServiceDelete(1);

        // The backfill deleted the legacy row at position 5; that delete comes back through CDC as an echo.
        Assert.Equal(new WriteCounts(1, 0), await ApplyEchoAsync(Customer(ChangeOperation.Delete, 1, "Ada", 5)));
        var confirmed = (await RawAsync(1))!;
        Assert.Equal(At(5).Value, confirmed[DocumentFields.Position]);
        Assert.False(confirmed.ContainsKey(DocumentFields.DeletedByService));

        Assert.Equal(new WriteCounts(0, 2), await ApplyAsync(Customer(ChangeOperation.Update, 1, "replayed", 3), Customer(ChangeOperation.Create, 1, "replayed", 1)));
        Assert.Null(await LiveAsync(1));

        // The key inserted again in the legacy database, after the delete.
        Assert.Equal(new WriteCounts(1, 0), await ApplyAsync(Customer(ChangeOperation.Create, 1, "Ada again", 6)));
        var back = (await LiveAsync(1))!;
        Assert.Equal("Ada again", back["name"]);
        Assert.False(back.ContainsKey(DocumentFields.Deleted));
        Assert.False(back.ContainsKey(DocumentFields.DeletedAt));
    }

    [Fact]
    public async Task A_cdc_delete_or_a_truncate_also_confirms_a_service_delete()
    {
        await ApplyAsync(Customer(ChangeOperation.Create, 1, "Ada", 1), Customer(ChangeOperation.Create, 2, "Bob", 2));
        ServiceDelete(1);
        ServiceDelete(2);

        // The monolith deleted row 1 itself (the backfill's delete then found nothing), and truncated the table.
        await ApplyAsync(Customer(ChangeOperation.Delete, 1, "Ada", 4));
        await ApplyAsync(Truncate("dbo.Customers", 5));

        Assert.Equal(At(4).Value, (await RawAsync(1))![DocumentFields.Position]);
        Assert.Equal(At(5).Value, (await RawAsync(2))![DocumentFields.Position]);
        Assert.Equal(new WriteCounts(2, 0), await ApplyAsync(Customer(ChangeOperation.Create, 1, "Ada", 6), Customer(ChangeOperation.Create, 2, "Bob", 7)));
        Assert.Equal("Bob", (await LiveAsync(2))!["name"]);
    }

    [Fact]
    public async Task An_echoed_delete_never_deletes_a_live_document()
    {
        // The service created the customer itself (no position), and the backfill's delete of an older row with the
        // same key comes back: the echo must not undo the service's newer write.
        _service.GetCollection("customers").Insert(new BsonDocument { ["_id"] = 1L, ["name"] = "created by the service" });

        Assert.Equal(new WriteCounts(0, 1), await ApplyEchoAsync(Customer(ChangeOperation.Delete, 1, "old", 5)));
        Assert.Equal("created by the service", (await LiveAsync(1))!["name"]);

        // Where the document is gone, the echo leaves a tombstone holding the position.
        await ApplyEchoAsync(Customer(ChangeOperation.Delete, 9, "gone", 5));
        Assert.Equal(At(5).Value, (await RawAsync(9))![DocumentFields.Position]);
        Assert.Null(await LiveAsync(9));
    }

    [Fact]
    public async Task A_cdc_delete_followed_by_a_replayed_older_update_leaves_the_document_deleted_and_a_newer_create_brings_it_back()
    {
        await ApplyAsync(Customer(ChangeOperation.Create, 1, "Ada", 1), Customer(ChangeOperation.Update, 1, "Ada L.", 2), Customer(ChangeOperation.Delete, 1, "Ada L.", 3));

        Assert.Equal(new WriteCounts(0, 1), await ApplyAsync(Customer(ChangeOperation.Update, 1, "Ada L.", 2)));
        Assert.Null(await LiveAsync(1));
        Assert.Equal(_time.GetUtcNow().UtcDateTime, (await RawAsync(1))![DocumentFields.DeletedAt]);

        Assert.Equal(new WriteCounts(1, 0), await ApplyAsync(Customer(ChangeOperation.Create, 1, "Ada", 4)));
        Assert.Equal("Ada", (await LiveAsync(1))!["name"]);
    }

    [Fact]
    public async Task Service_delete_of_a_missing_or_deleted_document_changes_nothing()
    {
        await ApplyAsync(Customer(ChangeOperation.Create, 1, "Ada", 1), Customer(ChangeOperation.Delete, 1, "Ada", 2));

        Assert.False(ServiceDelete(1));
        Assert.False(ServiceDelete(2));

        Assert.False((await RawAsync(1))!.ContainsKey(DocumentFields.DeletedByService));
        Assert.Null(await RawAsync(2));
    }

    [Fact]
    public async Task An_item_the_service_removed_stays_removed_until_its_legacy_delete_and_only_a_newer_insert_brings_it_back()
    {
        await ApplyAsync(Customer(ChangeOperation.Create, 1, "Ada", 1), Address(ChangeOperation.Create, 10, 1, "London", 2), Address(ChangeOperation.Create, 11, 1, "Paris", 3));
        _outbox.InTransaction((_, events) =>
        {
            Assert.True(events.DeleteItem("customers", 1L, "addresses", 10L));
            Assert.False(events.DeleteItem("customers", 1L, "addresses", 99L));
        });

        Assert.Equal(new WriteCounts(0, 1), await ApplyAsync(Address(ChangeOperation.Update, 10, 1, "London, late", 4)));
        Assert.Equal(["Paris"], Cities((await LiveAsync(1))!));

        // The backfill's delete of the row comes back as an echo; an echoed delete of a live item changes nothing.
        Assert.Equal(new WriteCounts(1, 1), await _store.ApplyAsync("customers",
            [.. _projector.ProjectEcho(Address(ChangeOperation.Delete, 10, 1, "London", 5)), .. _projector.ProjectEcho(Address(ChangeOperation.Delete, 11, 1, "Paris", 5))],
            TestContext.Current.CancellationToken));
        Assert.Equal(new WriteCounts(0, 1), await ApplyAsync(Address(ChangeOperation.Update, 10, 1, "London, late", 4)));
        Assert.Equal(["Paris"], Cities((await LiveAsync(1))!));

        Assert.Equal(new WriteCounts(1, 0), await ApplyAsync(Address(ChangeOperation.Create, 10, 1, "London again", 6)));
        Assert.Equal(["London again", "Paris"], Cities((await LiveAsync(1))!).Order());
    }

    [Fact]
    public async Task A_truncate_of_the_child_table_confirms_the_items_the_service_removed()
    {
        await ApplyAsync(Customer(ChangeOperation.Create, 1, "Ada", 1), Address(ChangeOperation.Create, 10, 1, "London", 2));
        _outbox.InTransaction((_, events) => events.DeleteItem("customers", 1L, "addresses", 10L));

        await ApplyAsync(Truncate("dbo.Addresses", 5));

        var item = (IReadOnlyDictionary<string, object?>)((List<object?>)(await RawAsync(1))!["addresses"]!).Single()!;
        Assert.Equal(At(5).Value, item[DocumentFields.Position]);
        Assert.False(item.ContainsKey(DocumentFields.DeletedByService));
        Assert.Equal(new WriteCounts(1, 0), await ApplyAsync(Address(ChangeOperation.Create, 10, 1, "London again", 6)));
    }

    private static IEnumerable<object?> Cities(IReadOnlyDictionary<string, object?> customer) =>
        ((List<object?>)customer["addresses"]!).Cast<IReadOnlyDictionary<string, object?>>().Select(a => a["city"]);

    [Fact]
    public async Task Readers_see_no_tombstones()
    {
        await ApplyAsync(
            Customer(ChangeOperation.Create, 1, "Ada", 1), Address(ChangeOperation.Create, 10, 1, "London", 2),
            Address(ChangeOperation.Create, 11, 1, "Paris", 3), Address(ChangeOperation.Delete, 11, 1, "Paris", 4),
            Customer(ChangeOperation.Create, 2, "Bob", 5), Customer(ChangeOperation.Delete, 2, "Bob", 6));
        await ApplyAsync(Customer(ChangeOperation.Create, 3, "Cy", 7));
        ServiceDelete(3);

        var ada = (await LiveAsync(1))!;
        Assert.Equal(["London"], ((List<object?>)ada["addresses"]!).Cast<IReadOnlyDictionary<string, object?>>().Select(a => a["city"]));
        Assert.Null(await LiveAsync(2));
        Assert.Null(await LiveAsync(3));
        Assert.Equal([1L], _service.GetCollection("customers").Find(LiteDbProjected.Live).Select(d => d["_id"].AsInt64));
    }

    [Fact]
    public async Task Pruning_removes_only_tombstones_past_their_retention()
    {
        var ct = TestContext.Current.CancellationToken;
        await ApplyAsync(
            Customer(ChangeOperation.Create, 1, "Ada", 1), Address(ChangeOperation.Create, 10, 1, "London", 2), Address(ChangeOperation.Create, 11, 1, "Paris", 3),
            Customer(ChangeOperation.Create, 2, "Bob", 4), Customer(ChangeOperation.Create, 3, "Cy", 5), Customer(ChangeOperation.Create, 4, "Di", 6));
        // Day 0: an item and a document deleted in the legacy database, one customer deleted by the service.
        await ApplyAsync(Address(ChangeOperation.Delete, 10, 1, "London", 7), Customer(ChangeOperation.Delete, 2, "Bob", 8));
        ServiceDelete(3);
        // A tombstone written before tombstones had a time.
        _service.GetCollection("customers").Upsert(new BsonDocument { ["_id"] = 5L, ["_pos"] = At(9).Value, ["_deleted"] = true });
        _time.Advance(TimeSpan.FromDays(3));
        // Day 3: another item and another document.
        await ApplyAsync(Address(ChangeOperation.Delete, 11, 1, "Paris", 10), Customer(ChangeOperation.Delete, 4, "Di", 11));
        _time.Advance(TimeSpan.FromDays(1));

        // Retention 2 days, one document per batch so the pruner goes round several times.
        var counts = await _store.PruneTombstonesAsync("customers", ["addresses"], _time.GetUtcNow() - TimeSpan.FromDays(2), 1, ct);

        Assert.Equal(new TombstonePruneCounts(2, 1), counts);
        Assert.Null(await RawAsync(2));
        Assert.Null(await RawAsync(3));
        var ada = (await RawAsync(1))!;
        Assert.Equal("Ada", ada["name"]);
        var item = Assert.Single((List<object?>)ada["addresses"]!) as IReadOnlyDictionary<string, object?>;
        Assert.Equal(11L, item![DocumentFields.ItemKey]);
        Assert.Equal(true, (await RawAsync(4))![DocumentFields.Deleted]);
        // The old tombstone with no time is kept, and gets the time of this prune: it goes one retention later.
        Assert.Equal(_time.GetUtcNow().UtcDateTime, (await RawAsync(5))![DocumentFields.DeletedAt]);

        Assert.Equal(default, await _store.PruneTombstonesAsync("customers", ["addresses"], _time.GetUtcNow() - TimeSpan.FromDays(2), 1, ct));
        _time.Advance(TimeSpan.FromDays(3));
        Assert.Equal(new TombstonePruneCounts(2, 1), await _store.PruneTombstonesAsync("customers", ["addresses"], _time.GetUtcNow() - TimeSpan.FromDays(2), 1, ct));
        Assert.Null(await RawAsync(4));
        Assert.Null(await RawAsync(5));
        Assert.Empty((List<object?>)(await RawAsync(1))!["addresses"]!);
    }

    [Fact]
    public async Task A_document_created_by_a_child_row_is_a_stub_nobody_reads_until_its_root_row_arrives()
    {
        var customers = _service.GetCollection("customers");
        await ApplyAsync(Address(ChangeOperation.Create, 10, 1, "London", 1));

        Assert.Equal(true, (await RawAsync(1))![DocumentFields.Stub]);
        Assert.Null(await LiveAsync(1));
        Assert.Empty(customers.Find(LiteDbProjected.Live));
        Assert.False(LiteDbProjected.IsLive(customers.FindById(1L)));
        Assert.False(ServiceDelete(1));

        await ApplyAsync(Customer(ChangeOperation.Create, 1, "Ada", 2));

        var live = (await LiveAsync(1))!;
        Assert.Equal("Ada", live["name"]);
        Assert.False(live.ContainsKey(DocumentFields.Stub));
        Assert.Single((List<object?>)live["addresses"]!);
        Assert.Equal([1L], customers.Find(LiteDbProjected.Live).Select(d => d["_id"].AsInt64));
        // A later child row leaves a whole document whole.
        await ApplyAsync(Address(ChangeOperation.Create, 11, 1, "Paris", 3));
        Assert.NotNull(await LiveAsync(1));
    }
}
