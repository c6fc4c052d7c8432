using System.Globalization;
using LiteDB;
using Microsoft.Extensions.Time.Testing;
using Strangler.Sync.Debezium;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Tests.Stores;

/// <summary>
/// A truncate of the legacy table read the whole collection and rewrote every document in one transaction: the file's
/// lock (LiteDB's named mutex, shared by every process opening the file) was held until the last tombstone, and the new
/// service and a reconcile waited for all of it, as they once did for the tombstone prune's scan. It now goes in pages,
/// and ends as the one transaction did.
/// </summary>
public sealed class LiteDbTruncateHoldTests : IDisposable
{
    private const int Documents = 45;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"strangler-{Guid.NewGuid():N}.db");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task A_reader_of_the_file_is_answered_while_a_truncate_tombstones_a_big_collection_which_ends_whole()
    {
        var ct = TestContext.Current.CancellationToken;
        using var pause = new PausedScan();
        // Pages of 10, as big collections are rewritten in pages of 1,000.
        using var worker = new LiteDbDocumentStore(_path) { ScanPageSize = 10, BetweenPages = pause.Pause };
        await worker.ApplyAsync("customers", Enumerable.Range(1, Documents).Select(id => Customer(id, id)).ToList(), ct);

        // Another handle on the file, as the new service in another process opens it.
        using var service = new LiteDbDocumentStore(_path);
        // One batch: a row changed before the truncate, the truncate, and a row inserted after it.
        var truncate = Position(Documents + 2);
        var applying = Task.Run(() => worker.ApplyAsync("customers",
            [Customer(7, Documents + 1), new ClearDocuments(truncate), Customer(Documents + 1, Documents + 3)], ct), ct);

        // Between the first page and the second: the first page's rows are tombstones already, the last ones still live.
        // In one transaction, the read waited for the commit and found every row a tombstone.
        var (first, last) = await pause.ReadWhilePausedAsync("truncate",
            async () => (await service.FindLiveAsync("customers", 1L, ct), await service.FindLiveAsync("customers", Documents - 1L, ct)), ct);

        Assert.Null(first);
        Assert.True(last is not null, "the read was answered only once the truncate had rewritten the whole collection");
        Assert.Equal(new WriteCounts(3, 0), await applying);
        // As the one transaction left it: every row of before the truncate a tombstone at its position, the row inserted
        // after it live.
        using var file = new LiteDatabase(new ConnectionString { Filename = _path, Connection = ConnectionType.Shared });
        var all = file.GetCollection("customers").FindAll().ToList();
        Assert.Equal(Documents + 1, all.Count);
        var live = all.Where(d => !(d.TryGetValue(DocumentFields.Deleted, out var deleted) && deleted.AsBoolean)).ToList();
        Assert.Equal([Documents + 1L], live.Select(d => d["_id"].AsInt64));
        Assert.All(all.Where(d => d["_id"].AsInt64 <= Documents), d => Assert.Equal(truncate.Value, d[DocumentFields.Position].AsString));
        Assert.Null(await service.FindLiveAsync("customers", 7L, ct));
    }

    [Fact]
    public async Task A_truncate_applied_again_after_stopping_half_way_tombstones_the_rest_and_nothing_twice()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
        using var store = new LiteDbDocumentStore(_path, clock) { ScanPageSize = 10 };
        await store.ApplyAsync("customers", Enumerable.Range(1, 45).Select(id => Customer(id, id)).ToList(), ct);
        var truncate = Position(100);

        // Where a truncate stopped after its first two pages (a worker shutting down): their documents are tombstones at
        // its position, the rest as they were.
        await store.ApplyAsync("customers", Enumerable.Range(1, 20).Select(id => (DocumentWrite)new DeleteDocument((long)id, truncate)).ToList(), ct);
        clock.Advance(TimeSpan.FromMinutes(5));

        // The pipeline applies its batch again: the rest become tombstones, the first pages are left as they are.
        Assert.Equal(new WriteCounts(1, 0), await store.ApplyAsync("customers", [new ClearDocuments(truncate)], ct));
        var documents = await Task.WhenAll(Enumerable.Range(1, 45).Select(id => store.FindAsync("customers", (long)id, ct)));
        Assert.All(documents, d => Assert.Equal((true, truncate.Value), ((bool)d![DocumentFields.Deleted]!, (string)d[DocumentFields.Position]!)));
        Assert.Equal(
            Enumerable.Repeat(new DateTime(2026, 12, 4, 12, 0, 0), 20).Concat(Enumerable.Repeat(new DateTime(2026, 12, 4, 12, 5, 0), 25)),
            documents.Select(d => ((DateTime)d![DocumentFields.DeletedAt]!).ToUniversalTime()));
        // Applied a third time, it finds nothing left to do.
        Assert.Equal(new WriteCounts(0, 1), await store.ApplyAsync("customers", [new ClearDocuments(truncate)], ct));
    }

    private static SourcePosition Position(int n) => new("0000000001/" + n.ToString("D12", CultureInfo.InvariantCulture));

    private static DocumentWrite Customer(int id, int position) => new UpsertDocument(
        (long)id,
        new Dictionary<string, object?> { ["fullName"] = $"Customer {id}" },
        Position(position));
}
