using Strangler.Sync.Stores;

namespace Strangler.Sync.Reconcile;

/// <summary>The live (not deleted) items of a stored document's array, by item key.</summary>
internal static class StoredItems
{
    public static Dictionary<object, IReadOnlyDictionary<string, object?>> Live(IReadOnlyDictionary<string, object?>? document, string array)
    {
        var items = new Dictionary<object, IReadOnlyDictionary<string, object?>>();
        if (document is null || !document.TryGetValue(array, out var value) || value is not IEnumerable<object?> list)
        {
            return items;
        }

        foreach (var item in list.OfType<IReadOnlyDictionary<string, object?>>())
        {
            if (item.TryGetValue(DocumentFields.ItemKey, out var key) && key is not null && !(item.TryGetValue(DocumentFields.Deleted, out var deleted) && deleted is true))
            {
                items[key] = item;
            }
        }

        return items;
    }
}
