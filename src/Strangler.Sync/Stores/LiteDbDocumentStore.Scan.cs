using LiteDB;

namespace Strangler.Sync.Stores;

internal sealed partial class LiteDbDocumentStore : IDocumentScan
{
    public Task<IReadOnlyList<object>> ListIdsAsync(string collection, object? after, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var query = _database.GetCollection(collection).Query();
            if (after is not null)
            {
                query = query.Where(Query.GT("_id", LiteDbValues.ToBson(after)));
            }

            var ids = query
                .Where($"($.{DocumentFields.Deleted} = null OR $.{DocumentFields.Deleted} = false) AND ($.{DocumentFields.Stub} = null OR $.{DocumentFields.Stub} = false)")
                .OrderBy("_id").Limit(limit).ToList()
                .Select(d => LiteDbValues.FromBson(d["_id"])!).ToList();
            return Task.FromResult<IReadOnlyList<object>>(ids);
        }
    }

    public Task<IReadOnlyDictionary<object, IReadOnlyDictionary<string, object?>>> FindManyAsync(
        string collection, IReadOnlyCollection<object> ids, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var documents = _database.GetCollection(collection);
            var found = new Dictionary<object, IReadOnlyDictionary<string, object?>>();
            // One read transaction: in shared mode LiteDB opens and closes the file around every command outside one.
            _database.BeginTrans();
            try
            {
                foreach (var id in ids)
                {
                    if (documents.FindById(LiteDbValues.ToBson(id)) is { } document)
                    {
                        found[id] = LiteDbValues.FromDocument(document);
                    }
                }
            }
            finally
            {
                _database.Rollback();
            }

            return Task.FromResult<IReadOnlyDictionary<object, IReadOnlyDictionary<string, object?>>>(found);
        }
    }
}
