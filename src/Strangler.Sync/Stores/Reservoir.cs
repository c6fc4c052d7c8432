namespace Strangler.Sync.Stores;

/// <summary>
/// A uniform sample of up to <c>capacity</c> items from a sequence of unknown length, seen once (Algorithm R): the n-th
/// item replaces a random one of the sample with probability capacity / n. Holds the sample only, never the sequence.
/// </summary>
internal sealed class Reservoir<T>(int capacity)
{
    private readonly List<T> _items = new(Math.Min(capacity, 10_000));
    private long _seen;

    /// <summary>The sample, in no particular order.</summary>
    public List<T> Items => _items;

    public void Offer(T item)
    {
        _seen++;
        if (_items.Count < capacity)
        {
            _items.Add(item);
            return;
        }

        var slot = Random.Shared.NextInt64(_seen);
        if (slot < capacity)
        {
            _items[(int)slot] = item;
        }
    }
}
