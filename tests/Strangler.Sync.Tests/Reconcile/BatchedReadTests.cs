using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Debezium;
using Strangler.Sync.Reconcile;
using Strangler.Sync.Stores;
using Strangler.Sync.Tests.Backfill;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// The batched reads the reconciler is fast with: a legacy connection kept open from batch to batch (its temporary
/// table reused), key-only reads for phase 2, and the embedded store's one-range lookup of a batch's documents.
/// </summary>
public sealed class BatchedReadTests
{
    public static TheoryData<LegacyProvider> Providers => [LegacyProvider.Postgres, LegacyProvider.Sqlite];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_connection_kept_between_batches_returns_each_batch_its_own_rows_only(LegacyProvider provider)
    {
        await using var legacy = await LegacyTestDatabase.CreateAsync(provider);
        await CustomerDataSet.CreateAsync(legacy, 50);
        var reader = CustomerDataSet.Reader(legacy);
        await using var connection = reader.CreateConnection();
        await connection.OpenAsync();
        var shape = await ProjectionShape.ResolveAsync(reader, connection, CustomerDataSet.Projection, CancellationToken.None);

        foreach (var batch in (long[][])[[1, 2, 3], [4], [7, 40, 999], [5, 6]])
        {
            var tables = await reader.ReadAsync(connection, batch.Cast<object>().ToList(), shape.Reads, CancellationToken.None);

            var existing = batch.Where(k => k <= 50).ToList();
            Assert.Equal(existing, tables[0].Select(r => (long)r.Key).Order());
            Assert.Equal(existing.SelectMany(k => (long[])[k * 10 + 1, k * 10 + 2]), tables[1].Select(r => (long)r.Key).Order());
            Assert.All(tables[1], r => Assert.Equal($"City {r.Match}-{(long)r.Key % 10}", r.Columns!["city"]));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_key_only_read_returns_the_key_column_alone(LegacyProvider provider)
    {
        await using var legacy = await LegacyTestDatabase.CreateAsync(provider);
        await CustomerDataSet.CreateAsync(legacy, 10);
        var reader = CustomerDataSet.Reader(legacy);
        await using var connection = reader.CreateConnection();
        await connection.OpenAsync();
        var shape = await ProjectionShape.ResolveAsync(reader, connection, CustomerDataSet.Projection, CancellationToken.None);

        var tables = await reader.ReadAsync(connection, [3L, 11L], shape.RootKeys, CancellationToken.None);

        var row = Assert.Single(Assert.Single(tables));
        Assert.Equal(3L, row.Key);
        Assert.Equal(["id"], row.Columns!.Keys);
    }

    [Fact]
    public async Task The_embedded_store_finds_every_asked_document_however_sparse_the_batch_is_in_its_id_range()
    {
        var path = Path.Combine(Path.GetTempPath(), $"strangler-{Guid.NewGuid():N}.db");
        try
        {
            using var store = new LiteDbDocumentStore(path);
            var position = SourcePosition.Postgres(100, 1);
            var writes = Enumerable.Range(1, 60)
                .Select(i => (DocumentWrite)new UpsertDocument((long)i, new Dictionary<string, object?> { ["name"] = $"n{i}" }, position))
                .Append(new DeleteDocument(30L, SourcePosition.Postgres(200, 1)))
                .ToList();
            await store.ApplyAsync("docs", writes, CancellationToken.None);

            // Dense: the range holds just these. Sparse: 60 documents between the first and last id asked, more than
            // twice the 5 asked, so the range read stops early and the rest are looked up one by one.
            var dense = await store.FindManyAsync("docs", [4L, 5L, 6L], CancellationToken.None);
            var sparse = await store.FindManyAsync("docs", [1L, 30L, 45L, 60L, 61L, 2L], CancellationToken.None);

            Assert.Equal([4L, 5L, 6L], dense.Keys.Cast<long>().Order());
            Assert.Equal("n5", dense[5L]["name"]);
            Assert.Equal([1L, 2L, 30L, 45L, 60L], sparse.Keys.Cast<long>().Order());
            Assert.Equal(true, sparse[30L][DocumentFields.Deleted]); // tombstones included, as the contract says
            Assert.Equal("n60", sparse[60L]["name"]);
            Assert.Empty(await store.FindManyAsync("docs", [], CancellationToken.None));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
