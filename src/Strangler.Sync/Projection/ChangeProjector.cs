using System.Globalization;
using Strangler.Sync.Debezium;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Projection;

/// <summary>Turns decoded changes into guarded document writes according to one <see cref="ProjectionOptions"/>.</summary>
internal sealed class ChangeProjector(ProjectionOptions projection)
{
    public ProjectionOptions Projection { get; } = projection;

    /// <summary>The writes for <paramref name="change"/>; empty for a tombstone (the delete before it did the work).</summary>
    public IReadOnlyList<DocumentWrite> Project(ChangeEvent change)
    {
        if (change.Op == ChangeOperation.Tombstone)
        {
            return [];
        }

        if (string.Equals(change.Table, Projection.Root.Table, StringComparison.OrdinalIgnoreCase))
        {
            return ProjectRoot(change);
        }

        var child = Projection.Children.FirstOrDefault(c => string.Equals(c.Table, change.Table, StringComparison.OrdinalIgnoreCase))
            ?? throw new ProjectionException($"table '{change.Table}' is not part of projection '{Projection.Name}'{NamedWithoutSchema(change.Table)}");
        return ProjectChild(change, child);
    }

    /// <summary>
    /// A projection whose table is written without its schema (<c>products</c>, which reconcile and load read fine)
    /// dead-lettered every change of <c>public.products</c> as a table outside the projection: names the setting to fix.
    /// </summary>
    private string NamedWithoutSchema(string changeTable)
    {
        var name = changeTable[(changeTable.LastIndexOf('.') + 1)..];
        var configured = new[] { ("Root:Table", Projection.Root.Table) }
            .Concat(Projection.Children.Select((c, i) => ($"Children:{i}:Table", c.Table)))
            .FirstOrDefault(t => string.Equals(t.Item2[(t.Item2.LastIndexOf('.') + 1)..], name, StringComparison.OrdinalIgnoreCase));
        return configured.Item1 is null
            ? string.Empty
            : $": its {configured.Item1} is '{configured.Item2}'; write it as the change names it, '{changeTable}' (schema.table, as Debezium's source block gives it)";
    }

    /// <summary>
    /// The writes for a change the backfill itself made (an echo, see <see cref="Echo.IEchoFilter"/>): none, except
    /// that a delete confirms the tombstone the service's own delete left, with the legacy position
    /// (<see cref="ConfirmDelete"/>, <see cref="ConfirmItemDelete"/>), so that only a genuinely newer change of the row
    /// can bring it back.
    /// </summary>
    public IReadOnlyList<DocumentWrite> ProjectEcho(ChangeEvent change)
    {
        if (change.Op != ChangeOperation.Delete)
        {
            return [];
        }

        if (string.Equals(change.Table, Projection.Root.Table, StringComparison.OrdinalIgnoreCase))
        {
            return [new ConfirmDelete(Id(change.Key, change.Table), change.Position)];
        }

        // A table outside the projection, or a delete whose before-image lacks the parent key (PostgreSQL without
        // REPLICA IDENTITY FULL), has nothing to confirm: skipped as any echo is, rather than dead-lettered.
        return Projection.Children.FirstOrDefault(c => string.Equals(c.Table, change.Table, StringComparison.OrdinalIgnoreCase)) is { } child
            && change.Before is { } before && before.TryGetValue(child.ParentKeyColumn, out var parent) && parent is not null
            ? [new ConfirmItemDelete(ParentId(before, child, change.Table), child.Array, Id(change.Key, change.Table), change.Position)]
            : [];
    }

    private List<DocumentWrite> ProjectRoot(ChangeEvent change) => change.Op switch
    {
        ChangeOperation.Truncate => [new ClearDocuments(change.Position)],
        ChangeOperation.Delete => [new DeleteDocument(Id(change.Key, change.Table), change.Position)],
        _ => [new UpsertDocument(Id(change.Key, change.Table), Map(change.After!, Projection.Root.Columns, Projection.Root.IncludeUnmappedColumns, change.Table), change.Position)],
    };

    private static List<DocumentWrite> ProjectChild(ChangeEvent change, ChildTableMapping child)
    {
        if (change.Op == ChangeOperation.Truncate)
        {
            return [new ClearItems(child.Array, change.Position)];
        }

        var itemKey = Id(change.Key, change.Table);
        if (change.Op == ChangeOperation.Delete)
        {
            return [new DeleteItem(ParentId(change.Before!, child, change.Table, DeleteHint(child, change.Table)), child.Array, itemKey, change.Position)];
        }

        var parent = ParentId(change.After!, child, change.Table);
        var writes = new List<DocumentWrite>();
        if (change.Before is { } before && before.ContainsKey(child.ParentKeyColumn)
            && ParentId(before, child, change.Table) is var oldParent && !Equals(oldParent, parent))
        {
            // The child row moved to another parent: it leaves the old document's array.
            writes.Add(new DeleteItem(oldParent, child.Array, itemKey, change.Position));
        }

        writes.Add(new UpsertItem(parent, child.Array, itemKey, Map(change.After!, child.Columns, child.IncludeUnmappedColumns, change.Table), change.Position));
        return writes;
    }

    private static object ParentId(IReadOnlyDictionary<string, object?> row, ChildTableMapping child, string table, string hint = "") =>
        row.TryGetValue(child.ParentKeyColumn, out var value) && value is not null
            ? Normalize(value)
            : throw new ProjectionException($"{table}: column '{child.ParentKeyColumn}' (ParentKeyColumn) is missing or null{hint}");

    /// <summary>
    /// PostgreSQL logs a deleted row's key columns only, unless the table logs whole rows, and Debezium sends the other
    /// columns as null: every delete of a child row by the monolith was dead-lettered saying only that the parent key was
    /// null, and nothing said what to change.
    /// </summary>
    private static string DeleteHint(ChildTableMapping child, string table) =>
        $" in the delete's before-image, which then holds the row's key only: the item cannot be found in its document. On PostgreSQL, " +
        $"log whole rows (ALTER TABLE {table} REPLICA IDENTITY FULL) for the deletes to come; for those already " +
        $"dead-lettered (a replay would fail again), strangler reconcile --repair new removes the items left; " +
        $"SQL Server CDC and MySQL's default binlog_row_image=FULL log them already";

    /// <summary>A single-column key is the id itself; a composite key joins its values with '|'.</summary>
    internal static object Id(IReadOnlyDictionary<string, object?> key, string table)
    {
        if (key.Count == 0)
        {
            throw new ProjectionException($"{table}: the change has no key");
        }

        if (key.Count == 1)
        {
            return Normalize(key.Values.Single() ?? throw new ProjectionException($"{table}: key column '{key.Keys.Single()}' is null"));
        }

        return string.Join('|', key.Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
    }

    internal static object Normalize(object value) => value switch
    {
        int i => (long)i,
        short s => (long)s,
        _ => value,
    };

    // Internal for the reconciler and the bulk load, which map rows read from the legacy tables the same way.
    internal static Dictionary<string, object?> Map(
        IReadOnlyDictionary<string, object?> row, IReadOnlyDictionary<string, ColumnMapping> columns, bool includeUnmapped, string table)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (column, value) in row)
        {
            if (columns.TryGetValue(column, out var mapping))
            {
                if (!mapping.Ignore)
                {
                    fields[string.IsNullOrEmpty(mapping.Name) ? column : mapping.Name] = ColumnConverter.Convert(value, column, mapping, table);
                }
            }
            else if (includeUnmapped)
            {
                fields[column] = value;
            }
        }

        return fields;
    }
}
