using Strangler.Sync.Reconcile.Reading;

namespace Strangler.Sync.Reconcile;

/// <summary>The legacy side of one document: its root row (null when absent) and its child rows per child table.</summary>
internal sealed record LegacyEntity(object Key, LegacyRow? Root, IReadOnlyList<IReadOnlyList<LegacyRow>> Children)
{
    /// <summary>The first read error of the root or a child row, if any.</summary>
    public string? Error => Root?.Error ?? Children.SelectMany(c => c).Select(r => r.Error).FirstOrDefault(e => e is not null);

    /// <summary>Groups a batch's rows (root first, then one list per child table) by root key.</summary>
    // Loops rather than LINQ: every key of a job goes through here (legacy reader alone, 100,000 keys: 0.07 to 0.11 s
    // with ToLookup and a copy of each key's rows, 0.03 s now).
    public static Dictionary<object, LegacyEntity> Group(IReadOnlyList<object> keys, IReadOnlyList<IReadOnlyList<LegacyRow>> tables)
    {
        var roots = new Dictionary<object, LegacyRow>(tables[0].Count);
        foreach (var row in tables[0])
        {
            roots.Add(row.Key, row);
        }

        var children = new Dictionary<object, List<LegacyRow>>[tables.Count - 1];
        for (var t = 1; t < tables.Count; t++)
        {
            var byMatch = children[t - 1] = new Dictionary<object, List<LegacyRow>>(keys.Count);
            foreach (var row in tables[t])
            {
                if (!byMatch.TryGetValue(row.Match, out var rows))
                {
                    byMatch[row.Match] = rows = new List<LegacyRow>(2);
                }

                rows.Add(row);
            }
        }

        var entities = new Dictionary<object, LegacyEntity>(keys.Count);
        foreach (var key in keys)
        {
            if (entities.ContainsKey(key))
            {
                continue;
            }

            var entityChildren = new IReadOnlyList<LegacyRow>[children.Length];
            for (var c = 0; c < children.Length; c++)
            {
                entityChildren[c] = children[c].TryGetValue(key, out var rows) ? rows : [];
            }

            entities[key] = new LegacyEntity(key, roots.GetValueOrDefault(key), entityChildren);
        }

        return entities;
    }
}
