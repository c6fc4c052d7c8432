using Microsoft.Extensions.Time.Testing;
using MongoDB.Driver;
using Strangler.Sync.Debezium;
using Strangler.Sync.Projection;
using Strangler.Sync.Stores;
using Strangler.Sync.Tests.Projection;
using static Strangler.Sync.Tests.Projection.Changes;

namespace Strangler.Sync.Tests.Stores;

/// <summary>
/// The continuous check's sample from the new store: live documents only, each as likely as any other, beyond the
/// first page of ids too (the embedded store goes through its ids in pages of 1,000; MongoDB has <c>$sample</c>).
/// </summary>
public sealed class SampleIdsTests
{
    private readonly ChangeProjector _projector = new(new CustomersProjection().Define());

    [Fact]
    public async Task The_embedded_store_samples_live_documents_across_all_its_pages()
    {
        var path = Path.Combine(Path.GetTempPath(), $"strangler-{Guid.NewGuid():N}.db");
        try
        {
            // Pages of 1,000 ids from the index, so that 2,500 documents take three.
            using var store = new LiteDbDocumentStore(path, new FakeTimeProvider()) { IndexPageSize = 1000 };
            await SamplesLiveDocumentsAsync(store);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_embedded_store_still_fills_its_sample_when_tombstones_outnumber_live_documents()
    {
        var path = Path.Combine(Path.GetTempPath(), $"strangler-{Guid.NewGuid():N}.db");
        try
        {
            using var store = new LiteDbDocumentStore(path, new FakeTimeProvider());
            var ct = TestContext.Current.CancellationToken;
            // 300 customers, all but every tenth deleted: 30 live among 300 ids. The index's 76 candidates for a sample
            // of 30 hold about 8 live ones, so the store goes through the live ids themselves.
            var changes = Enumerable.Range(1, 300).Select(i => Customer(ChangeOperation.Create, i, $"c{i}", 1))
                .Concat(Enumerable.Range(1, 300).Where(i => i % 10 != 0).Select(i => Customer(ChangeOperation.Delete, i, $"c{i}", 2)));
            await store.ApplyAsync("customers", changes.SelectMany(_projector.Project).ToList(), ct);

            var sample = await ((IDocumentScan)store).SampleIdsAsync("customers", 30, ct);

            Assert.Equal(Enumerable.Range(1, 30).Select(i => i * 10L), sample.Select(id => (long)id).Order());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task MongoDB_samples_live_documents_with_its_own_sample_stage()
    {
        var connectionString = Environment.GetEnvironmentVariable("STRANGLER_TEST_MONGO");
        if (string.IsNullOrEmpty(connectionString))
        {
            Assert.Skip("STRANGLER_TEST_MONGO is not set: no MongoDB server on this machine (set it to a connection string to run these tests).");
        }

        using var client = new MongoClient(connectionString);
        var database = $"strangler_{Guid.NewGuid():N}";
        try
        {
            await SamplesLiveDocumentsAsync(new MongoDocumentStore(client.GetDatabase(database)));
        }
        finally
        {
            await client.DropDatabaseAsync(database);
        }
    }

    private async Task SamplesLiveDocumentsAsync(IDocumentStore store)
    {
        var ct = TestContext.Current.CancellationToken;
        // 2,500 customers, every tenth deleted (a tombstone stays): 2,250 live, over three pages of ids.
        var changes = Enumerable.Range(1, 2500).Select(i => Customer(ChangeOperation.Create, i, $"c{i}", 1))
            .Concat(Enumerable.Range(1, 250).Select(i => Customer(ChangeOperation.Delete, i * 10, $"c{i * 10}", 2)));
        await store.ApplyAsync("customers", changes.SelectMany(_projector.Project).ToList(), ct);
        var scan = (IDocumentScan)store;

        var first = await scan.SampleIdsAsync("customers", 100, ct);
        var second = await scan.SampleIdsAsync("customers", 100, ct);
        var all = await scan.SampleIdsAsync("customers", 5000, ct);

        Assert.Equal(100, first.Distinct().Count());
        Assert.All(first, id => Assert.NotEqual(0L, Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture) % 10));
        Assert.Contains(first, id => Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture) > 2000);
        Assert.NotEqual(first.Order(), second.Order());
        Assert.Equal(Enumerable.Range(1, 2500).Where(i => i % 10 != 0).Select(i => (long)i),
            all.Select(id => Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture)).Order());
        Assert.Empty(await scan.SampleIdsAsync("customers", 0, ct));
    }
}
