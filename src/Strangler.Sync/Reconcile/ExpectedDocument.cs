using Strangler.Sync.Projection;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Reconcile;

/// <summary>
/// What the projection would have written for a legacy entity: the root row's fields and each child table's items,
/// through the projection's own column mapping and conversions (<see cref="ChangeProjector.Map"/>).
/// </summary>
internal sealed record ExpectedDocument(
    IReadOnlyDictionary<string, object?> Fields, IReadOnlyDictionary<string, IReadOnlyDictionary<object, IReadOnlyDictionary<string, object?>>> Arrays)
{
    /// <summary>Maps <paramref name="entity"/>; throws <see cref="ProjectionException"/> when a conversion fails.</summary>
    public static ExpectedDocument Of(ProjectionOptions projection, LegacyEntity entity)
    {
        var root = entity.Root!;
        var fields = ChangeProjector.Map(root.Columns!, projection.Root.Columns, projection.Root.IncludeUnmappedColumns, projection.Root.Table);
        var arrays = new Dictionary<string, IReadOnlyDictionary<object, IReadOnlyDictionary<string, object?>>>(StringComparer.Ordinal);
        for (var c = 0; c < projection.Children.Count; c++)
        {
            var child = projection.Children[c];
            arrays[child.Array] = entity.Children[c].ToDictionary(
                r => r.Key,
                r => (IReadOnlyDictionary<string, object?>)ChangeProjector.Map(r.Columns!, child.Columns, child.IncludeUnmappedColumns, child.Table));
        }

        return new ExpectedDocument(fields, arrays);
    }

    /// <summary>The writes that make a stored document equal to this one, all at <paramref name="position"/>.</summary>
    public IEnumerable<DocumentWrite> Writes(object id, IReadOnlyDictionary<string, object?>? stored, Debezium.SourcePosition position)
    {
        yield return new UpsertDocument(id, Fields, position);
        foreach (var (array, items) in Arrays)
        {
            foreach (var (key, item) in items)
            {
                yield return new UpsertItem(id, array, key, item, position);
            }

            foreach (var key in StoredItems.Live(stored, array).Keys.Where(k => !items.ContainsKey(k)))
            {
                yield return new DeleteItem(id, array, key, position);
            }
        }
    }
}
