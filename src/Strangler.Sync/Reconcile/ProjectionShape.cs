using System.Data.Common;
using Microsoft.Extensions.Options;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Hosting;
using Strangler.Sync.Projection;
using Strangler.Sync.Reconcile.Reading;

namespace Strangler.Sync.Reconcile;

/// <summary>A projection with the key columns of its tables read from the legacy schema, and what a batch reads.</summary>
internal sealed record ProjectionShape(ProjectionOptions Projection, string RootKeyColumn, IReadOnlyList<TableRead> Reads)
{
    /// <summary>Only the root table's keys: whether each key still has a legacy row (reconcile's phase 2).</summary>
    public IReadOnlyList<TableRead> RootKeys { get; } = [Reads[0] with { KeyOnly = true }];

    /// <summary>
    /// Reads the primary keys of the projection's tables and checks every column the projection names against them,
    /// all problems in one <see cref="OptionsValidationException"/>: a missing table used to end a job as an
    /// "unexpected error", a misspelt <c>ParentKeyColumn</c> made every key an <c>error</c> finding (each key read
    /// alone, the slow path), and a misspelt column mapping was silently not applied.
    /// </summary>
    public static async Task<ProjectionShape> ResolveAsync(
        ILegacyRowReader reader, DbConnection connection, ProjectionOptions projection, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var at = $"{SyncOptions.SectionName}:Projections ('{projection.Name}')";
        var rootKey = await CheckTableAsync(reader, connection, projection.Root.Table, $"{at}:Root", null, projection.Root.Columns, problems, cancellationToken);
        var reads = new List<TableRead> { new(projection.Root.Table, rootKey ?? string.Empty, rootKey ?? string.Empty) };
        for (var c = 0; c < projection.Children.Count; c++)
        {
            var child = projection.Children[c];
            var childKey = await CheckTableAsync(
                reader, connection, child.Table, $"{at}:Children:{c}", child.ParentKeyColumn, child.Columns, problems, cancellationToken);
            reads.Add(new TableRead(child.Table, child.ParentKeyColumn, childKey ?? string.Empty));
        }

        return problems.Count == 0
            ? new ProjectionShape(projection, rootKey!, reads)
            : throw new OptionsValidationException(SyncOptions.SectionName, typeof(ProjectionOptions), problems);
    }

    private static async Task<string?> CheckTableAsync(
        ILegacyRowReader reader, DbConnection connection, string table, string at, string? parentKeyColumn,
        IReadOnlyDictionary<string, ColumnMapping> mappings, List<string> problems, CancellationToken cancellationToken)
    {
        string key;
        try
        {
            key = await reader.KeyColumnAsync(connection, table, cancellationToken);
        }
        catch (LegacySchemaException ex)
        {
            problems.Add($"{at}:Table: {ex.Message.TrimEnd('.')}");
            return null;
        }

        // The table has a primary key, so it exists.
        var columns = await reader.ColumnsAsync(connection, table, cancellationToken) ?? [];
        if (parentKeyColumn is not null && UnknownColumn.Describe($"{at}:ParentKeyColumn", parentKeyColumn, table, columns) is { } parent)
        {
            problems.Add(parent);
        }

        foreach (var column in mappings.Keys)
        {
            if (UnknownColumn.Describe($"{at}:Columns:{column}", column, table, columns) is { } unknown)
            {
                problems.Add(unknown);
            }
        }

        return key;
    }
}
