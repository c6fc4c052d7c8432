using Strangler.Sync.Stores;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// The embedded store, with one write held back until the reconciler has first read <c>key</c>: the change CDC
/// delivers while the job runs, between its first look and its recheck.
/// </summary>
internal sealed class CdcCatchingUp(LiteDbDocumentStore store, object key, DocumentWrite change) : PassThroughStore(store)
{
    private int _applied;

    public override async Task<IReadOnlyDictionary<object, IReadOnlyDictionary<string, object?>>> FindManyAsync(
        string collection, IReadOnlyCollection<object> ids, CancellationToken cancellationToken)
    {
        var found = await Store.FindManyAsync(collection, ids, cancellationToken);
        if (ids.Contains(key) && Interlocked.Exchange(ref _applied, 1) == 0)
        {
            await Store.ApplyAsync(collection, [change], cancellationToken);
        }

        return found;
    }
}
