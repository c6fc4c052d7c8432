using System.Globalization;

namespace Strangler.LegacyDatabase.Dialects;

/// <summary>
/// Turns an ordered list of row writes into multi-row statement groups with the same end state: per row, the writes
/// collapse to "delete" and/or one "upsert" of the columns set since the last delete (later values win). All deletes
/// run before all upserts, which keeps each row's order because a row has at most one of each.
/// </summary>
public static class WritePlanner
{
    /// <summary>Plans the groups for <paramref name="writes"/>, given in the order they must take effect.</summary>
    public static IReadOnlyList<WriteGroup> Plan(IEnumerable<RowWrite> writes)
    {
        var rows = new Dictionary<(string Table, string Key), RowState>();
        var order = new List<(string Table, string Key)>();
        foreach (var write in writes)
        {
            var id = (write.Table, KeyText(write.Key));
            if (!rows.TryGetValue(id, out var state))
            {
                state = new RowState(write.Table, write.KeyColumn, write.Key);
                rows.Add(id, state);
                order.Add(id);
            }
            state.Apply(write);
        }

        var groups = new List<WriteGroup>();
        AddGroups(groups, order.Select(id => rows[id]).Where(r => r.Deleted), WriteOperation.Delete);
        AddGroups(groups, order.Select(id => rows[id]).Where(r => r.Upsert is not null), WriteOperation.Upsert);
        return groups;
    }

    /// <summary>The text form used to compare keys, so 42 and "42" name the same row.</summary>
    public static string KeyText(object key) => Convert.ToString(key, CultureInfo.InvariantCulture) ?? "";

    private static void AddGroups(List<WriteGroup> groups, IEnumerable<RowState> rows, WriteOperation operation)
    {
        var byShape = rows.GroupBy(r => (r.Table, r.KeyColumn, Shape: operation == WriteOperation.Delete
            ? "" : string.Join('\u001f', r.Upsert!.Keys.Order(StringComparer.Ordinal))));
        foreach (var shape in byShape)
        {
            var columns = operation == WriteOperation.Delete
                ? Array.Empty<string>()
                : shape.First().Upsert!.Keys.Order(StringComparer.Ordinal).ToArray();
            var values = shape.Select(r =>
            {
                var row = new object?[columns.Length + 1];
                row[0] = r.Key;
                for (var i = 0; i < columns.Length; i++)
                {
                    row[i + 1] = r.Upsert![columns[i]];
                }
                return row;
            }).ToList();
            groups.Add(new WriteGroup
            {
                Table = shape.Key.Table,
                KeyColumn = shape.Key.KeyColumn,
                Operation = operation,
                Columns = columns,
                Rows = values,
            });
        }
    }

    private sealed class RowState(string table, string keyColumn, object key)
    {
        public string Table { get; } = table;
        public string KeyColumn { get; } = keyColumn;
        public object Key { get; } = key;
        public bool Deleted { get; private set; }
        public Dictionary<string, object?>? Upsert { get; private set; }

        public void Apply(RowWrite write)
        {
            if (write.Operation == WriteOperation.Delete)
            {
                Deleted = true;
                Upsert = null;
                return;
            }
            Upsert ??= new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (column, value) in write.Columns)
            {
                if (!string.Equals(column, KeyColumn, StringComparison.Ordinal))
                {
                    Upsert[column] = value;
                }
            }
        }
    }
}
