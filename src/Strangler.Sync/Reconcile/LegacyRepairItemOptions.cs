namespace Strangler.Sync.Reconcile;

/// <summary>
/// How <c>--repair legacy</c> writes the rows of one array of the document (a child table of the projection), one
/// event per item, through the backfill's mappings of the named types.
/// </summary>
public sealed record LegacyRepairItemOptions
{
    /// <summary>
    /// The event type whose mapping writes one item's row, e.g. <c>AddressReconciled</c>: its subject is the item's key,
    /// its data the item's fields and the parent's key under the child table's <c>ParentKeyColumn</c>.
    /// </summary>
    public string UpsertEvent { get; init; } = string.Empty;

    /// <summary>
    /// The event type whose mapping deletes one item's row (subject: the item's key), for an item the legacy table has
    /// and the document does not: every child row of a key whose document is gone, before its root row.
    /// </summary>
    public string DeleteEvent { get; init; } = string.Empty;
}
