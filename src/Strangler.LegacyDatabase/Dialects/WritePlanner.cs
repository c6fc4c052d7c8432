using System.Globalization;

namespace Strangler.LegacyDatabase.Dialects;

/// <summary>
/// Turns an ordered list of row writes into multi-row statement groups with the same end state. Per row, the writes
/// collapse to at most three steps, run in this order for all rows: an update that must find the row before a delete
/// of it, the delete, then one upsert or update of the columns set since the last delete (later values win). An update
/// after an upsert of its row merges into the upsert (the upsert left a row to update); an upsert after an update
/// merges into the update (the update requires the row, which the upsert then only updates). An update after a delete
/// of its row, with no upsert between, can find no row: the plan fails with <see cref="LegacyRowMissingException"/>.
/// </summary>
public static class WritePlanner
{
    /// <summary>Plans the groups for <paramref name="writes"/>, given in the order they must take effect.</summary>
    /// <exception cref="LegacyRowMissingException">An update follows a delete of its row with no upsert between.</exception>
    /// <exception cref="ArgumentException">An update sets no column besides the key.</exception>
    public static IReadOnlyList<WriteGroup> Plan(IEnumerable<RowWrite> writes)
    {
        var rows = new Dictionary<(string Table, string Key), RowState>();
        var order = new List<RowState>();
        foreach (var write in writes)
        {
            var id = (write.Table, KeyText(write.Key));
            if (!rows.TryGetValue(id, out var state))
            {
                state = new RowState(write.Table, write.KeyColumn, write.Key);
                rows.Add(id, state);
                order.Add(state);
            }
            state.Apply(write);
        }

        var groups = new List<WriteGroup>();
        AddGroups(groups, order.Where(r => r.UpdateBeforeDelete is not null)
            .Select(r => (r, WriteOperation.Update, (IReadOnlyDictionary<string, object?>)r.UpdateBeforeDelete!)));
        AddGroups(groups, order.Where(r => r.Deleted)
            .Select(r => (r, WriteOperation.Delete, (IReadOnlyDictionary<string, object?>)NoColumns)));
        AddGroups(groups, order.Where(r => r.Last is not null)
            .Select(r => (r, r.LastOperation, (IReadOnlyDictionary<string, object?>)r.Last!)));
        return groups;
    }

    /// <summary>The text form used to compare keys, so 42 and "42" name the same row.</summary>
    public static string KeyText(object key) => Convert.ToString(key, CultureInfo.InvariantCulture) ?? "";

    private static readonly Dictionary<string, object?> NoColumns = [];

    // Rows of one table, operation and column set share a group, in the order the first of them came.
    private static void AddGroups(List<WriteGroup> groups,
        IEnumerable<(RowState Row, WriteOperation Operation, IReadOnlyDictionary<string, object?> Columns)> steps)
    {
        var byShape = steps.GroupBy(s => (s.Row.Table, s.Row.KeyColumn, s.Operation,
            Shape: string.Join('\u001f', s.Columns.Keys.Order(StringComparer.Ordinal))));
        foreach (var shape in byShape)
        {
            var columns = shape.First().Columns.Keys.Order(StringComparer.Ordinal).ToArray();
            var values = shape.Select(s =>
            {
                var row = new object?[columns.Length + 1];
                row[0] = s.Row.Key;
                for (var i = 0; i < columns.Length; i++)
                {
                    row[i + 1] = s.Columns[columns[i]];
                }
                return row;
            }).ToList();
            groups.Add(new WriteGroup
            {
                Table = shape.Key.Table,
                KeyColumn = shape.Key.KeyColumn,
                Operation = shape.Key.Operation,
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

        /// <summary>The columns of updates that came before the row's first delete: they require the row to exist.</summary>
        public Dictionary<string, object?>? UpdateBeforeDelete { get; private set; }

        public bool Deleted { get; private set; }

        /// <summary>The columns set since the last delete, by <see cref="LastOperation"/>.</summary>
        public Dictionary<string, object?>? Last { get; private set; }

        public WriteOperation LastOperation { get; private set; }

        public void Apply(RowWrite write)
        {
            switch (write.Operation)
            {
                case WriteOperation.Delete:
                    // The row's updates so far required it to exist; they still run first, to find out whether it did.
                    if (Last is not null && LastOperation == WriteOperation.Update)
                    {
                        UpdateBeforeDelete = Last;
                    }
                    Deleted = true;
                    Last = null;
                    return;
                case WriteOperation.Update when !write.Columns.Keys.Any(c => !IsKey(c)):
                    throw new ArgumentException($"An update of {Table} ({KeyColumn} = {KeyText(Key)}) sets no column besides the key.");
                case WriteOperation.Update when Last is null && Deleted:
                    throw new LegacyRowMissingException(Table, KeyColumn, [KeyText(Key)]);
                case WriteOperation.Update or WriteOperation.Upsert when Last is null:
                    Last = new Dictionary<string, object?>(StringComparer.Ordinal);
                    LastOperation = write.Operation;
                    break;
            }
            foreach (var (column, value) in write.Columns)
            {
                if (!IsKey(column))
                {
                    Last![column] = value;
                }
            }
        }

        private bool IsKey(string column) => string.Equals(column, KeyColumn, StringComparison.Ordinal);
    }
}
