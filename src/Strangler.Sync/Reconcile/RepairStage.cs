namespace Strangler.Sync.Reconcile;

/// <summary>
/// When a legacy repair's event is applied within its batch's transaction: every batch's events are ordered by stage
/// (then as raised), so the backfill writer's plan deletes child rows before any root row (a foreign key without
/// cascade refuses the root's delete while a child refers to it) and writes root rows before child rows.
/// </summary>
internal enum RepairStage
{
    /// <summary>A child row that the legacy table has and the document does not (all of a deleted document's).</summary>
    DeleteItem,

    /// <summary>The root row of a key whose document is gone.</summary>
    DeleteRoot,

    /// <summary>The root row, from the document.</summary>
    UpsertRoot,

    /// <summary>A child row, from an item of the document; after the deletes, so an item that moved to another parent is written, not deleted.</summary>
    UpsertItem,
}
