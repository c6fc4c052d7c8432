using System.Globalization;
using Strangler.Sync.Projection;

namespace Strangler.Sync.Reconcile;

/// <summary>
/// Compares the document the legacy rows give with the stored one, field by field and item by item. Only the fields
/// the projection writes are compared: Strangler's reserved fields and fields the service added are its own. A field
/// of a secret column (<see cref="SecretColumns"/>) is reported with both values as <c>[redacted]</c>: that it differs
/// is the finding, and the report is read by people and served over HTTP.
/// </summary>
internal static class DocumentComparer
{
    public static List<FieldDifference> Compare(ProjectionOptions projection, ExpectedDocument expected, IReadOnlyDictionary<string, object?> stored)
    {
        var differences = new List<FieldDifference>();
        Fields(differences, projection.Root.Columns, null, null, expected.Fields, stored);
        foreach (var (array, items) in expected.Arrays)
        {
            var columns = projection.Children.First(c => c.Array == array).Columns;
            var live = StoredItems.Live(stored, array);
            foreach (var (key, item) in items)
            {
                if (live.TryGetValue(key, out var storedItem))
                {
                    Fields(differences, columns, array, key, item, storedItem);
                }
                else
                {
                    differences.Add(new FieldDifference($"{array}[{Text(key)}]", "present", null));
                }
            }

            foreach (var key in live.Keys.Where(k => !items.ContainsKey(k)))
            {
                differences.Add(new FieldDifference($"{array}[{Text(key)}]", null, "present"));
            }
        }

        return differences;
    }

    // The path is made only for a field that differs: most compare equal, and the reconciler compares every item.
    private static void Fields(
        List<FieldDifference> differences, IReadOnlyDictionary<string, ColumnMapping> columns, string? array, object? key,
        IReadOnlyDictionary<string, object?> expected, IReadOnlyDictionary<string, object?> stored)
    {
        foreach (var (name, value) in expected)
        {
            var actual = stored.GetValueOrDefault(name);
            if (!ValueComparison.Equal(value, actual))
            {
                var path = array is null ? name : $"{array}[{Text(key!)}].{name}";
                differences.Add(SecretColumns.CoversField(columns, name)
                    ? new FieldDifference(path, Redacted(value), Redacted(actual))
                    : new FieldDifference(path, ValueComparison.ForReport(value), ValueComparison.ForReport(actual)));
            }
        }
    }

    // Null stays null: "absent on this side" says nothing about the secret.
    private static string? Redacted(object? value) => value is null ? null : SecretColumns.Redacted;

    private static string Text(object key) => Convert.ToString(key, CultureInfo.InvariantCulture)!;
}
