using System.Globalization;

namespace Strangler.Sync.Reconcile;

/// <summary>
/// Compares the document the legacy rows give with the stored one, field by field and item by item. Only the fields
/// the projection writes are compared: Strangler's reserved fields and fields the service added are its own.
/// </summary>
internal static class DocumentComparer
{
    public static List<FieldDifference> Compare(ExpectedDocument expected, IReadOnlyDictionary<string, object?> stored)
    {
        var differences = new List<FieldDifference>();
        Fields(differences, null, null, expected.Fields, stored);
        foreach (var (array, items) in expected.Arrays)
        {
            var live = StoredItems.Live(stored, array);
            foreach (var (key, item) in items)
            {
                if (live.TryGetValue(key, out var storedItem))
                {
                    Fields(differences, array, key, item, storedItem);
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
        List<FieldDifference> differences, string? array, object? key, IReadOnlyDictionary<string, object?> expected, IReadOnlyDictionary<string, object?> stored)
    {
        foreach (var (name, value) in expected)
        {
            var actual = stored.GetValueOrDefault(name);
            if (!ValueComparison.Equal(value, actual))
            {
                var path = array is null ? name : $"{array}[{Text(key!)}].{name}";
                differences.Add(new FieldDifference(path, ValueComparison.ForReport(value), ValueComparison.ForReport(actual)));
            }
        }
    }

    private static string Text(object key) => Convert.ToString(key, CultureInfo.InvariantCulture)!;
}
