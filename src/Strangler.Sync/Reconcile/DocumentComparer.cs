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
        Fields(differences, string.Empty, expected.Fields, stored);
        foreach (var (array, items) in expected.Arrays)
        {
            var live = StoredItems.Live(stored, array);
            foreach (var (key, item) in items)
            {
                var path = $"{array}[{Text(key)}]";
                if (live.TryGetValue(key, out var storedItem))
                {
                    Fields(differences, path + ".", item, storedItem);
                }
                else
                {
                    differences.Add(new FieldDifference(path, "present", null));
                }
            }

            foreach (var key in live.Keys.Where(k => !items.ContainsKey(k)))
            {
                differences.Add(new FieldDifference($"{array}[{Text(key)}]", null, "present"));
            }
        }

        return differences;
    }

    private static void Fields(List<FieldDifference> differences, string prefix, IReadOnlyDictionary<string, object?> expected, IReadOnlyDictionary<string, object?> stored)
    {
        foreach (var (name, value) in expected)
        {
            var actual = stored.GetValueOrDefault(name);
            if (!ValueComparison.Equal(value, actual))
            {
                differences.Add(new FieldDifference(prefix + name, ValueComparison.ForReport(value), ValueComparison.ForReport(actual)));
            }
        }
    }

    private static string Text(object key) => Convert.ToString(key, CultureInfo.InvariantCulture)!;
}
