using System.Data.Common;
using Strangler.Sync.Projection;
using Strangler.Sync.Reconcile.Reading;

namespace Strangler.Sync.Reconcile;

/// <summary>A projection with the key columns of its tables read from the legacy schema, and what a batch reads.</summary>
internal sealed record ProjectionShape(ProjectionOptions Projection, string RootKeyColumn, IReadOnlyList<TableRead> Reads)
{
    /// <summary>Only the root table's keys: whether each key still has a legacy row (reconcile's phase 2).</summary>
    public IReadOnlyList<TableRead> RootKeys { get; } = [Reads[0] with { KeyOnly = true }];

    /// <summary>Reads the primary keys of the projection's tables.</summary>
    public static async Task<ProjectionShape> ResolveAsync(
        ILegacyRowReader reader, DbConnection connection, ProjectionOptions projection, CancellationToken cancellationToken)
    {
        var rootKey = await reader.KeyColumnAsync(connection, projection.Root.Table, cancellationToken);
        var reads = new List<TableRead> { new(projection.Root.Table, rootKey, rootKey) };
        foreach (var child in projection.Children)
        {
            var childKey = await reader.KeyColumnAsync(connection, child.Table, cancellationToken);
            reads.Add(new TableRead(child.Table, child.ParentKeyColumn, childKey));
        }

        return new ProjectionShape(projection, rootKey, reads);
    }
}
