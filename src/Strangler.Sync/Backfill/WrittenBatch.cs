using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Sync.Backfill;

/// <summary>What <see cref="BackfillWriter.ApplyAsync(IReadOnlyList{MappedEvent}, CancellationToken)"/> did with a batch.</summary>
/// <param name="Dispositions">One per event, in the order given.</param>
/// <param name="Missing">
/// By event index, why each <see cref="EventDisposition.RowMissing"/> event was not applied: the one row its update
/// found missing (table, key column and key).
/// </param>
internal sealed record WrittenBatch(IReadOnlyList<EventDisposition> Dispositions, IReadOnlyDictionary<int, LegacyRowMissingException> Missing);
