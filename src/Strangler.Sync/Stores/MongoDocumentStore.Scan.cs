using MongoDB.Bson;
using MongoDB.Driver;

namespace Strangler.Sync.Stores;

internal sealed partial class MongoDocumentStore : IDocumentScan
{
    public Task<IReadOnlyList<object>> ListIdsAsync(string collection, object? after, int limit, CancellationToken cancellationToken) =>
        DescribedAsync(collection, () => ListIdsCoreAsync(collection, after, limit, cancellationToken));

    public Task<IReadOnlyDictionary<object, IReadOnlyDictionary<string, object?>>> FindManyAsync(
        string collection, IReadOnlyCollection<object> ids, CancellationToken cancellationToken) =>
        DescribedAsync(collection, () => FindManyCoreAsync(collection, ids, cancellationToken));

    public Task<IReadOnlyList<object>> SampleIdsAsync(string collection, int count, CancellationToken cancellationToken) =>
        DescribedAsync(collection, () => SampleIdsCoreAsync(collection, count, cancellationToken));

    private async Task<IReadOnlyList<object>> SampleIdsCoreAsync(string collection, int count, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return [];
        }

        // $sample after a $match: the server picks from the live documents, without sending the others.
        var ids = await database.GetCollection<BsonDocument>(collection).Aggregate()
            .Match(Filter.Ne(DocumentFields.Deleted, true) & Filter.Ne(DocumentFields.Stub, true))
            .Sample(count)
            .Project(Builders<BsonDocument>.Projection.Include(DocumentFields.Id))
            .ToListAsync(cancellationToken);
        return ids.Select(d => MongoValues.FromBson(d[DocumentFields.Id])!).ToList();
    }

    private async Task<IReadOnlyList<object>> ListIdsCoreAsync(string collection, object? after, int limit, CancellationToken cancellationToken)
    {
        var filter = Filter.Ne(DocumentFields.Deleted, true) & Filter.Ne(DocumentFields.Stub, true);
        if (after is not null)
        {
            filter &= Filter.Gt(DocumentFields.Id, MongoValues.ToBson(after));
        }

        var ids = await database.GetCollection<BsonDocument>(collection).Find(filter)
            .Sort(Builders<BsonDocument>.Sort.Ascending(DocumentFields.Id)).Limit(limit)
            .Project(Builders<BsonDocument>.Projection.Include(DocumentFields.Id))
            .ToListAsync(cancellationToken);
        return ids.Select(d => MongoValues.FromBson(d[DocumentFields.Id])!).ToList();
    }

    private async Task<IReadOnlyDictionary<object, IReadOnlyDictionary<string, object?>>> FindManyCoreAsync(
        string collection, IReadOnlyCollection<object> ids, CancellationToken cancellationToken)
    {
        // One $in query per batch: a round trip per key is what the batched reconciler exists to avoid.
        var documents = await database.GetCollection<BsonDocument>(collection)
            .Find(Filter.In(DocumentFields.Id, ids.Select(MongoValues.ToBson))).ToListAsync(cancellationToken);
        var byText = ids.ToDictionary(KeyText, id => id, StringComparer.Ordinal);
        var found = new Dictionary<object, IReadOnlyDictionary<string, object?>>();
        foreach (var document in documents)
        {
            var fields = MongoValues.FromDocument(document);
            if (byText.TryGetValue(KeyText(fields[DocumentFields.Id]!), out var id))
            {
                found[id] = fields;
            }
        }

        return found;
    }

    private static string KeyText(object id) => Convert.ToString(id, System.Globalization.CultureInfo.InvariantCulture)!;
}
