using Strangler.Sync.Debezium;
using Strangler.Sync.Hosting;

namespace Strangler.Sync.Projection;

/// <summary>
/// Finds the projection settings that name a column the changes of their table do not carry: a Debezium row holds
/// every captured column, so such a mapping (a typo, or <c>Price</c> for PostgreSQL's <c>price</c>) is never applied,
/// and the column lands in the store unconverted and unrenamed, or, under <c>Ignore</c>, is copied there. Each setting
/// is named once per worker run, so a busy table does not repeat it at every change.
/// </summary>
internal sealed class MappedColumnCheck(ProjectionOptions projection)
{
    private readonly HashSet<string> _named = new(StringComparer.Ordinal);

    /// <summary>What is newly wrong, judged by <paramref name="change"/>'s row; empty for a change without one.</summary>
    public IReadOnlyList<string> Check(ChangeEvent change)
    {
        if (change.After is not { } row)
        {
            return [];
        }

        var at = $"{SyncOptions.SectionName}:Projections ('{projection.Name}')";
        if (string.Equals(change.Table, projection.Root.Table, StringComparison.OrdinalIgnoreCase))
        {
            return Unknown(projection.Root.Columns.Keys, $"{at}:Root:Columns", change.Table, row);
        }

        for (var c = 0; c < projection.Children.Count; c++)
        {
            if (string.Equals(change.Table, projection.Children[c].Table, StringComparison.OrdinalIgnoreCase))
            {
                return Unknown(projection.Children[c].Columns.Keys, $"{at}:Children:{c}:Columns", change.Table, row);
            }
        }

        return [];
    }

    private List<string> Unknown(IEnumerable<string> mapped, string at, string table, IReadOnlyDictionary<string, object?> row)
    {
        var problems = new List<string>();
        foreach (var column in mapped)
        {
            if (!row.ContainsKey(column) && _named.Add($"{at}:{column}")
                && UnknownColumn.Describe($"{at}:{column}", column, table, row.Keys.ToList()) is { } problem)
            {
                problems.Add(problem);
            }
        }

        return problems;
    }
}
