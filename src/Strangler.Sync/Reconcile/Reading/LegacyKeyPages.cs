using System.Data.Common;

namespace Strangler.Sync.Reconcile.Reading;

/// <summary>
/// The legacy root table's keys in pages by key order (keyset, on one connection of their own), from a resumed job's
/// place: what reconcile's first phase and the bulk load both page through.
/// </summary>
internal static class LegacyKeyPages
{
    /// <summary>The next page after the last one returned, starting after <paramref name="after"/> (null: from the first key).</summary>
    public static Func<CancellationToken, Task<IReadOnlyList<object>>> After(
        ILegacyRowReader reader, DbConnection pager, string table, string keyColumn, object? after, int batchSize) =>
        async ct =>
        {
            var page = await reader.KeysAfterAsync(pager, table, keyColumn, after, batchSize, ct);
            after = page.Count > 0 ? page[^1] : after;
            return page;
        };
}
