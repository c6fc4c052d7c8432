namespace Strangler.Sync.Reconcile;

/// <summary>
/// How <c>--repair legacy</c> writes the legacy rows (<c>Strangler:Sync:Reconcile:LegacyRepair</c>): through the
/// backfill's mapping of the named event types, as if the service had raised them with the stored document as data.
/// </summary>
public sealed record LegacyRepairOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = ReconcileOptions.SectionName + ":LegacyRepair";

    /// <summary>The event type whose mapping writes a document's rows, e.g. <c>CustomerUpdated</c>.</summary>
    public string UpsertEvent { get; init; } = string.Empty;

    /// <summary>The event type whose mapping deletes a key's rows, e.g. <c>CustomerDeleted</c>.</summary>
    public string DeleteEvent { get; init; } = string.Empty;

    /// <summary>
    /// Per array of the document (a child table's <c>Array</c>, e.g. <c>Addresses</c>), the event types that write and
    /// delete one item's row: a declared mapping writes one table, so the root's event does not reach the items. A key
    /// whose items differ in an array not named here is written but not reported repaired; one whose document is gone
    /// while it still has rows in such an array is not written at all (its root's delete would orphan them or fail).
    /// </summary>
    public IReadOnlyDictionary<string, LegacyRepairItemOptions> Items { get; init; } = new Dictionary<string, LegacyRepairItemOptions>(StringComparer.Ordinal);
}
