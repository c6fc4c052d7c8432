using MongoDB.Driver;
using Strangler.Outbox.Documents;

namespace Strangler.Outbox.Mongo;

/// <summary>Reading projected documents from MongoDB: everything but tombstones and stubs.</summary>
public static class MongoProjected
{
    /// <summary>
    /// Matches documents that are neither tombstones nor stubs (created by a child row whose root row has not been
    /// projected yet); combine it with the query's own filter (<c>&amp;</c>).
    /// </summary>
    public static FilterDefinition<T> Live<T>() =>
        Builders<T>.Filter.Ne(ProjectedDocument.Deleted, true) & Builders<T>.Filter.Ne(ProjectedDocument.Stub, true);
}
