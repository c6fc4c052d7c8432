using Strangler.Sync.Reconcile.Reading;

namespace Strangler.Sync.Reconcile;

/// <summary>The legacy side of one document: its root row (null when absent) and its child rows per child table.</summary>
internal sealed record LegacyEntity(object Key, LegacyRow? Root, IReadOnlyList<IReadOnlyList<LegacyRow>> Children)
{
    /// <summary>The first read error of the root or a child row, if any.</summary>
    public string? Error => Root?.Error ?? Children.SelectMany(c => c).Select(r => r.Error).FirstOrDefault(e => e is not null);

    /// <summary>Groups a batch's rows (root first, then one list per child table) by root key.</summary>
    public static Dictionary<object, LegacyEntity> Group(IReadOnlyList<object> keys, IReadOnlyList<IReadOnlyList<LegacyRow>> tables)
    {
        var roots = tables[0].ToDictionary(r => r.Key);
        var children = tables.Skip(1).Select(t => t.ToLookup(r => r.Match)).ToList();
        return keys.Distinct().ToDictionary(
            k => k,
            k => new LegacyEntity(k, roots.GetValueOrDefault(k), children.Select(c => (IReadOnlyList<LegacyRow>)c[k].ToList()).ToList()));
    }
}
