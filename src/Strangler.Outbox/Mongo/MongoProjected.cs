using MongoDB.Driver;
using Strangler.Outbox.Documents;

namespace Strangler.Outbox.Mongo;

/// <summary>Reading projected documents from MongoDB: everything but tombstones.</summary>
public static class MongoProjected
{
    /// <summary>Matches documents that are not tombstones; combine it with the query's own filter (<c>&amp;</c>).</summary>
    public static FilterDefinition<T> Live<T>() => Builders<T>.Filter.Ne(ProjectedDocument.Deleted, true);
}
