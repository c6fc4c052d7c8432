namespace Strangler.Sync.Stores;

/// <summary>A stored document as a reader must see it: no tombstone, no stub waiting for its root row, no tombstone items.</summary>
internal static class LiveDocuments
{
    public static IReadOnlyDictionary<string, object?>? Of(IReadOnlyDictionary<string, object?>? document) =>
        document is null || IsTombstone(document) || IsTrue(document, DocumentFields.Stub)
            ? null
            : document.ToDictionary(
                p => p.Key,
                p => p.Value is List<object?> items ? items.Where(i => i is not IReadOnlyDictionary<string, object?> item || !IsTombstone(item)).ToList() : p.Value,
                StringComparer.Ordinal);

    private static bool IsTombstone(IReadOnlyDictionary<string, object?> document) => IsTrue(document, DocumentFields.Deleted);

    private static bool IsTrue(IReadOnlyDictionary<string, object?> document, string field) =>
        document.TryGetValue(field, out var value) && value is true;
}
