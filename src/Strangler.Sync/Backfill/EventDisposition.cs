namespace Strangler.Sync.Backfill;

/// <summary>What one transaction did with one event.</summary>
internal enum EventDisposition
{
    /// <summary>Its writes were applied (at least one row was not newer than the event).</summary>
    Applied,

    /// <summary>Its id was already recorded: a redelivery, nothing changed.</summary>
    Duplicate,

    /// <summary>Every row it touches already reflects a newer event.</summary>
    Stale,

    /// <summary>
    /// An update of it (or of an event it fails with) found no row: nothing of it was written and its id was not
    /// recorded; <see cref="WrittenBatch.Missing"/> names the row.
    /// </summary>
    RowMissing,
}
