using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Strangler.Sync.Debezium;
using Strangler.Sync.Projection;
using Strangler.Sync.Stores;
using Strangler.Sync.Tests.Projection;
using Strangler.Sync.Tombstones;
using static Strangler.Sync.Tests.Projection.Changes;

namespace Strangler.Sync.Tests.Stores;

/// <summary>The hosted pruner over the embedded store: every projection's collection and arrays, on the fake clock's ticks.</summary>
public sealed class TombstonePruningServiceTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"strangler-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly LiteDbDocumentStore _store;

    public TombstonePruningServiceTests() => _store = new LiteDbDocumentStore(_path, _time);

    public void Dispose()
    {
        _store.Dispose();
        File.Delete(_path);
    }

    private bool Exists(string collection, long id) => _store.FindAsync(collection, id, CancellationToken.None).GetAwaiter().GetResult() is not null;

    [Fact]
    public async Task Prunes_at_start_and_on_every_tick_only_what_is_past_the_retention()
    {
        var ct = TestContext.Current.CancellationToken;
        var customers = new CustomersProjection().Define();
        // A second projection writing another collection: each is pruned.
        var archive = customers with { Name = "archive-projection", Collection = "archive" };
        var projector = new ChangeProjector(customers);
        var deletes = new[] { Customer(ChangeOperation.Create, 1, "Ada", 1), Address(ChangeOperation.Create, 10, 1, "Rome", 2), Address(ChangeOperation.Delete, 10, 1, "Rome", 3), Customer(ChangeOperation.Delete, 2, "Bob", 4) };
        foreach (var collection in new[] { "customers", "archive" })
        {
            await _store.ApplyAsync(collection, deletes.SelectMany(projector.Project).ToList(), ct);
        }

        _time.Advance(TimeSpan.FromHours(12));
        var options = new TombstoneOptions { Retention = TimeSpan.FromDays(1), PruneInterval = TimeSpan.FromHours(1), PruneBatchSize = 10 };
        using var service = new TombstonePruningService(_store, [customers, archive], options, _time, NullLogger<TombstonePruningService>.Instance);
        await service.StartAsync(ct);
        try
        {
            // The prune at start finds them 12 hours old: they stay.
            Assert.Equal(new TombstonePruneCounts(0, 0), (await service.PruneAsync(ct))["customers"]);
            Assert.True(Exists("customers", 2));

            _time.Advance(TimeSpan.FromHours(13));

            Assert.True(await Eventually.TrueAsync(() => !Exists("customers", 2) && !Exists("archive", 2)));
            var ada = (await _store.FindAsync("customers", 1L, ct))!;
            Assert.Empty((List<object?>)ada["addresses"]!);
            Assert.Equal("Ada", ada["name"]);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }
}
