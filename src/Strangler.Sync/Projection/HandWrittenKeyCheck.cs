using System.Globalization;
using Strangler.Sync.Debezium;

namespace Strangler.Sync.Projection;

/// <summary>
/// For <see cref="ProjectionTrial"/>: a message key that disagrees with its own row. The pipeline takes the document id
/// from the key, never from the row, and Debezium builds the key from the row's key columns, so a captured message
/// never disagrees; a key written by hand for a trial can (a copied key, a typo), and the trial then showed a write to
/// a document the row is not, with nothing to say so.
/// </summary>
internal static class HandWrittenKeyCheck
{
    /// <summary>What is wrong with the key of <paramref name="change"/>, judged by its row; null when it agrees or there is no row.</summary>
    public static string? Problem(ChangeEvent change)
    {
        // The delete's before-image holds at least the key columns; a create's or an update's after-image holds them all.
        if ((change.After ?? change.Before) is not { } row)
        {
            return null;
        }

        var problems = new List<string>();
        foreach (var (column, keyValue) in change.Key)
        {
            if (!row.TryGetValue(column, out var rowValue))
            {
                problems.Add($"its column '{column}' is not in the row (the row's columns: {string.Join(", ", row.Keys)})");
            }
            else if (!string.Equals(Text(keyValue), Text(rowValue), StringComparison.Ordinal))
            {
                problems.Add($"it says {column}={Text(keyValue)}, the row says {column}={Text(rowValue)}");
            }
        }

        return problems.Count == 0
            ? null
            : $"the message key disagrees with its row: {string.Join("; ", problems)}. The pipeline takes the document id from the key, " +
              "and Debezium builds the key from the row, so check the key given with --key";
    }

    private static string Text(object? value) =>
        value is null ? "null" : Convert.ToString(ChangeProjector.Normalize(value), CultureInfo.InvariantCulture) ?? "null";
}
