using Strangler.Sync.Debezium;
using Strangler.Sync.Hosting;

namespace Strangler.Sync.Projection;

/// <summary>
/// Finds the projection settings that name a column the changes of their table do not carry: a Debezium row holds
/// every captured column, so such a mapping (a typo, or <c>Price</c> for PostgreSQL's <c>price</c>) is never applied,
/// and the column lands in the store unconverted and unrenamed, or, under <c>Ignore</c>, is copied there. Each setting
/// is named once per worker run, so a busy table does not repeat it at every change.
/// </summary>
internal sealed class MappedColumnCheck
{
    // Per table, where its mappings sit in the settings and the columns they name: built once, since Check runs for
    // every change the pipeline applies.
    private readonly List<(string Table, string At, IReadOnlyCollection<string> Columns)> _tables;
    private readonly HashSet<string> _named = new(StringComparer.Ordinal);

    public MappedColumnCheck(ProjectionOptions projection)
    {
        var at = $"{SyncOptions.SectionName}:Projections ('{projection.Name}')";
        _tables = [(projection.Root.Table, $"{at}:Root:Columns", projection.Root.Columns.Keys.ToList())];
        _tables.AddRange(projection.Children.Select((c, i) => (c.Table, $"{at}:Children:{i}:Columns", (IReadOnlyCollection<string>)c.Columns.Keys.ToList())));
    }

    /// <summary>What is newly wrong, judged by <paramref name="change"/>'s row; empty for a change without one.</summary>
    public IReadOnlyList<string> Check(ChangeEvent change)
    {
        if (change.After is not { } row)
        {
            return [];
        }

        // The first table of that name, as the projector picks it.
        var table = _tables.FirstOrDefault(t => string.Equals(change.Table, t.Table, StringComparison.OrdinalIgnoreCase));
        if (table.Table is null)
        {
            return [];
        }

        var problems = new List<string>();
        foreach (var column in table.Columns)
        {
            if (!row.ContainsKey(column) && _named.Add($"{table.At}:{column}")
                && UnknownColumn.Describe($"{table.At}:{column}", column, change.Table, row.Keys.ToList()) is { } problem)
            {
                problems.Add(problem);
            }
        }

        return problems;
    }
}
