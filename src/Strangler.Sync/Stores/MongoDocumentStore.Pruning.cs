using MongoDB.Bson;
using MongoDB.Driver;

namespace Strangler.Sync.Stores;

internal sealed partial class MongoDocumentStore
{
    public Task<TombstonePruneCounts> PruneTombstonesAsync(
        string collection, IReadOnlyCollection<string> arrays, DateTimeOffset deletedBefore, int batchSize, CancellationToken cancellationToken) =>
        DescribedAsync(collection, () => PruneTombstonesCoreAsync(collection, arrays, deletedBefore, batchSize, cancellationToken));

    private async Task<TombstonePruneCounts> PruneTombstonesCoreAsync(
        string collection, IReadOnlyCollection<string> arrays, DateTimeOffset deletedBefore, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var documents = database.GetCollection<BsonDocument>(collection);
        var cutoff = new BsonDateTime(deletedBefore.UtcDateTime);
        var now = new BsonDateTime(_time.GetUtcNow().UtcDateTime);
        // A partial index holds only tombstones, so the look-up below never scans the live documents. Creating an
        // index that exists with the same keys and options is a no-op.
        await documents.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending(DocumentFields.DeletedAt),
            new CreateIndexOptions<BsonDocument> { Name = "strangler_tombstones", PartialFilterExpression = Filter.Eq(DocumentFields.Deleted, true) }),
            cancellationToken: cancellationToken);

        // Tombstones written before they had a time get one now, so they go one retention later.
        await documents.UpdateManyAsync(
            Filter.Eq(DocumentFields.Deleted, true) & Filter.Exists(DocumentFields.DeletedAt, exists: false),
            Builders<BsonDocument>.Update.Set(DocumentFields.DeletedAt, now), cancellationToken: cancellationToken);
        var old = Filter.Eq(DocumentFields.Deleted, true) & Filter.Lt(DocumentFields.DeletedAt, cutoff);
        var counts = new TombstonePruneCounts(await InBatchesAsync(documents, old, batchSize,
            ids => documents.DeleteManyAsync(Filter.In(DocumentFields.Id, ids) & old, cancellationToken), r => r.DeletedCount, cancellationToken), 0);

        foreach (var array in arrays)
        {
            var unstamped = new BsonDocument { [DocumentFields.Deleted] = true, [DocumentFields.DeletedAt] = new BsonDocument("$exists", false) };
            await documents.UpdateManyAsync(
                Filter.ElemMatch<BsonDocument>(array, unstamped),
                Builders<BsonDocument>.Update.Set($"{array}.$[t].{DocumentFields.DeletedAt}", now),
                new UpdateOptions
                {
                    ArrayFilters = [new BsonDocumentArrayFilterDefinition<BsonDocument>(new BsonDocument
                    {
                        [$"t.{DocumentFields.Deleted}"] = true, [$"t.{DocumentFields.DeletedAt}"] = new BsonDocument("$exists", false),
                    })],
                },
                cancellationToken);
            var oldItem = new BsonDocument { [DocumentFields.Deleted] = true, [DocumentFields.DeletedAt] = new BsonDocument("$lt", cutoff) };
            var withOldItems = Filter.ElemMatch<BsonDocument>(array, oldItem);
            counts += new TombstonePruneCounts(0, await InBatchesAsync(documents, withOldItems, batchSize,
                ids => documents.UpdateManyAsync(Filter.In(DocumentFields.Id, ids) & withOldItems,
                    new BsonDocument("$pull", new BsonDocument(array, oldItem)), cancellationToken: cancellationToken),
                r => r.ModifiedCount, cancellationToken));
        }

        return counts;
    }

    /// <summary>
    /// Runs <paramref name="write"/> over the ids of the documents matching <paramref name="filter"/>, at most
    /// <paramref name="batchSize"/> at a time (MongoDB's multi-document writes take no limit), until a batch comes up short.
    /// </summary>
    private static async Task<int> InBatchesAsync<TResult>(
        IMongoCollection<BsonDocument> documents, FilterDefinition<BsonDocument> filter, int batchSize,
        Func<List<BsonValue>, Task<TResult>> write, Func<TResult, long> count, CancellationToken cancellationToken)
    {
        var total = 0L;
        List<BsonValue> ids;
        do
        {
            ids = (await documents.Find(filter).Project(Builders<BsonDocument>.Projection.Include(DocumentFields.Id))
                    .Limit(batchSize).ToListAsync(cancellationToken))
                .Select(d => d[DocumentFields.Id]).ToList();
            if (ids.Count > 0)
            {
                // The write repeats the filter: a document the projection changed since the look-up is left alone.
                total += count(await write(ids));
            }
        }
        while (ids.Count == batchSize);
        return (int)total;
    }
}
