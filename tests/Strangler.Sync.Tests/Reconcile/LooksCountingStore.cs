using Strangler.Sync.Stores;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// The embedded store, counting the reconciler's looks at documents (<see cref="FindManyAsync"/>, one a batch) and how
/// many of them were ever under way at once.
/// </summary>
internal sealed class LooksCountingStore(LiteDbDocumentStore store) : PassThroughStore(store)
{
    private readonly Lock _gate = new();
    private int _now;

    public int Looks { get; private set; }

    public int MostAtOnce { get; private set; }

    public override async Task<IReadOnlyDictionary<object, IReadOnlyDictionary<string, object?>>> FindManyAsync(
        string collection, IReadOnlyCollection<object> ids, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Looks++;
            MostAtOnce = Math.Max(MostAtOnce, ++_now);
        }

        try
        {
            // Stays under way a moment, as a remote store's read would: batches that may overlap do.
            await Task.Delay(20, cancellationToken);
            return await Store.FindManyAsync(collection, ids, cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                _now--;
            }
        }
    }
}
