using MongoDB.Driver;
using Strangler.Outbox.Mongo;

namespace Strangler.Sync.Stores;

internal sealed partial class MongoDocumentStore
{
    /// <summary>
    /// Runs <paramref name="operation"/> on <paramref name="collection"/>; an error the server answers with becomes a
    /// <see cref="DocumentStoreException"/> saying it without the values it quotes. Connection failures and time-outs
    /// quote no document and pass as they are.
    /// </summary>
    private static async Task<T> DescribedAsync<T>(string collection, Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (MongoServerException ex)
        {
            throw new DocumentStoreException($"MongoDB refused an operation on collection '{collection}': {MongoErrorText.Describe(ex)}");
        }
    }
}
