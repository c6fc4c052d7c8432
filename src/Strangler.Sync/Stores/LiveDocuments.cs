namespace Strangler.Sync.Stores;

/// <summary>A stored document as a reader must see it: no tombstone, no stub waiting for its root row, no tombstone items.</summary>
internal static class LiveDocuments
{
    public static IReadOnlyDictionary<string, object?>? Of(IReadOnlyDictionary<string, object?>? document) =>
        document is null || IsTombstone(document) || IsTrue(document, DocumentFields.Stub)
            ? null
            : !HasTombstoneItems(document)
                // Most documents have none: the reconciler asks for every document, so no copy is made of them.
                ? document
                : document.ToDictionary(
                    p => p.Key,
                    p => p.Value is List<object?> items ? items.Where(i => !IsTombstoneItem(i)).ToList() : p.Value,
                    StringComparer.Ordinal);

    private static bool HasTombstoneItems(IReadOnlyDictionary<string, object?> document)
    {
        foreach (var (_, value) in document)
        {
            if (value is List<object?> items && items.Exists(IsTombstoneItem))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTombstoneItem(object? item) => item is IReadOnlyDictionary<string, object?> fields && IsTombstone(fields);

    private static bool IsTombstone(IReadOnlyDictionary<string, object?> document) => IsTrue(document, DocumentFields.Deleted);

    private static bool IsTrue(IReadOnlyDictionary<string, object?> document, string field) =>
        document.TryGetValue(field, out var value) && value is true;
}
