using System.Globalization;
using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Sync.Backfill;

/// <summary>
/// Applies mapped events in ONE transaction: the sync-origin marker, duplicate check against the applied-events
/// table, per-row staleness against the high-water table, the batched row writes, and the bookkeeping rows. Either
/// all of it commits or nothing does, so a crash or a redelivery at any point changes nothing twice. An update that
/// finds no row is not a failure of the batch: the writes roll back to a savepoint taken before them, and are written
/// again without the events that needed the row (see <see cref="MissingRows"/>), whose ids are not recorded either.
/// </summary>
internal sealed class BackfillWriter(ISqlDialect dialect, string connectionString, TimeProvider timeProvider)
{
    internal const string AppliedTable = "strangler_applied_events";
    internal const string HighWaterTable = "strangler_sync_high_water";

    // Taken only when the writes hold an update: a batch of upserts and deletes cannot miss a row, and pays nothing.
    private const string WritesSavepoint = "strangler_writes";

    // Column order of the bookkeeping groups built below (ordinal order, as the planner would give).
    private static readonly string[] AppliedColumns = ["applied_at", "event_type", "subject"];
    private static readonly string[] HighWaterColumns = ["event_id", "event_ticks"];

    public ISqlDialect Dialect => dialect;

    /// <summary>
    /// Applies <paramref name="events"/> (in order); returns each event's disposition. Throws on any failure but an
    /// update that finds no row, which fails only its event (<see cref="EventDisposition.RowMissing"/>).
    /// </summary>
    public Task<WrittenBatch> ApplyAsync(IReadOnlyList<MappedEvent> events, CancellationToken cancellationToken) =>
        ApplyAsync(events, units: null, cancellationToken);

    /// <summary>
    /// Applies <paramref name="events"/> as <see cref="ApplyAsync(IReadOnlyList{MappedEvent}, CancellationToken)"/>
    /// does; an event that finds its row missing fails with every event of the same unit in <paramref name="units"/>
    /// (one entry per event; null: each event on its own).
    /// </summary>
    public async Task<WrittenBatch> ApplyAsync(IReadOnlyList<MappedEvent> events, IReadOnlyList<int>? units, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        // Row refs once per write: they key both the high-water lookup and the staleness check.
        var refs = events.Select(e => e.Writes.Select(RowRef).ToArray()).ToArray();
        await using var connection = dialect.CreateConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Recording the batch's event ids is also its duplicate check: the ids that were not recorded yet are claimed
        // (inserted) and reported back, so a redelivered event finds its id taken and is skipped.
        var claims = new WriteGroup
        {
            Table = AppliedTable, KeyColumn = "event_id", Operation = WriteOperation.Upsert, Columns = AppliedColumns,
            Rows = events.Select(e => e.Event).DistinctBy(e => e.Id, StringComparer.Ordinal)
                .Select(e => new object?[] { e.Id, now, e.Type, e.Subject }).ToList(),
        };
        var start = await dialect.StartBatchAsync(connection, transaction, claims,
        [
            new KeyLookup { Table = HighWaterTable, KeyColumn = "row_ref", ValueColumn = "event_ticks",
                Keys = refs.SelectMany(r => r).Distinct(StringComparer.Ordinal).ToList() },
        ], cancellationToken);
        var highWater = start.Lookups[0].ToDictionary(kv => kv.Key, kv => long.Parse(kv.Value!, CultureInfo.InvariantCulture), StringComparer.Ordinal);

        var missing = new MissingRows(units);
        while (true)
        {
            var pass = Pass(events, refs, start.Claimed, highWater, missing.Failed);
            if (missing.FailFirstUpdateOfAbsentRow(pass.Writes))
            {
                continue;
            }
            // Only the failed events this batch claimed: a failed event's unit-mate may be a redelivery, recorded before.
            var failed = missing.Failed.Where(f => pass.Dispositions[f.Key] == EventDisposition.RowMissing).ToDictionary();
            // Row writes, then the high-water marks, handed over together so an engine can send them in one round trip.
            var groups = WritePlanner.Plan(pass.Writes.Select(w => w.Write)).Concat(HighWater(pass.HighWater, start.Lookups[0]))
                .Concat(Unclaim(failed.Keys.Select(e => events[e].Event.Id))).ToList();
            var checksRows = groups.Any(g => g.Operation == WriteOperation.Update);
            if (checksRows)
            {
                await transaction.SaveAsync(WritesSavepoint, cancellationToken);
            }
            try
            {
                await dialect.WriteAllAsync(connection, transaction, groups, cancellationToken);
            }
            catch (LegacyRowMissingException ex) when (checksRows)
            {
                if (!missing.Learn(ex))
                {
                    throw;
                }
                await transaction.RollbackAsync(WritesSavepoint, cancellationToken);
                continue;
            }
            await dialect.BeforeCommitAsync(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new WrittenBatch(pass.Dispositions, failed);
        }
    }

    // One planning pass over the events that have not failed: duplicates, stale rows, the writes and the high-water marks.
    private static WritePass Pass(
        IReadOnlyList<MappedEvent> events, string[][] refs, IReadOnlySet<string> claimed, IReadOnlyDictionary<string, long> highWaterAtStart,
        IReadOnlyDictionary<int, LegacyRowMissingException> failed)
    {
        var unclaimed = new HashSet<string>(claimed, StringComparer.Ordinal);
        var highWater = new Dictionary<string, long>(highWaterAtStart, StringComparer.Ordinal);
        var dispositions = new List<EventDisposition>(events.Count);
        var writes = new List<(int Event, RowWrite Write)>();
        var newHighWater = new Dictionary<string, (long Ticks, string EventId)>(StringComparer.Ordinal);
        for (var e = 0; e < events.Count; e++)
        {
            var (domainEvent, rowWrites) = events[e];
            // Removing marks the id as used, so a second copy of it later in this batch is a duplicate too.
            if (!unclaimed.Remove(domainEvent.Id))
            {
                dispositions.Add(EventDisposition.Duplicate);
                continue;
            }
            if (failed.ContainsKey(e))
            {
                dispositions.Add(EventDisposition.RowMissing);
                continue;
            }
            var ticks = domainEvent.Time.UtcTicks;
            var freshCount = 0;
            for (var w = 0; w < rowWrites.Count; w++)
            {
                var rowRef = refs[e][w];
                if (highWater.TryGetValue(rowRef, out var newest) && newest > ticks)
                {
                    continue;
                }
                highWater[rowRef] = ticks;
                newHighWater[rowRef] = (ticks, domainEvent.Id);
                writes.Add((e, rowWrites[w]));
                freshCount++;
            }
            dispositions.Add(freshCount > 0 || rowWrites.Count == 0 ? EventDisposition.Applied : EventDisposition.Stale);
        }
        return new WritePass(dispositions, writes, newHighWater);
    }

    // The failed events' ids were claimed when the batch began: released, so a redelivery of them is not a duplicate.
    private static IEnumerable<WriteGroup> Unclaim(IEnumerable<string> eventIds)
    {
        var rows = eventIds.Distinct(StringComparer.Ordinal).Select(id => new object?[] { id }).ToList();
        if (rows.Count > 0)
        {
            yield return new WriteGroup { Table = AppliedTable, KeyColumn = "event_id", Operation = WriteOperation.Delete, Columns = [], Rows = rows };
        }
    }

    // Built directly rather than through the planner: row refs are dictionary keys, so already unique, and every row
    // has the same columns. Refs that the read above did not find are known to be absent: plainly inserted.
    private static IEnumerable<WriteGroup> HighWater(Dictionary<string, (long Ticks, string EventId)> highWater,
        IReadOnlyDictionary<string, string?> existing)
    {
        foreach (var known in new[] { true, false })
        {
            var rows = highWater.Where(kv => existing.ContainsKey(kv.Key) == known)
                .Select(kv => new object?[] { kv.Key, kv.Value.EventId, kv.Value.Ticks }).ToList();
            if (rows.Count > 0)
            {
                yield return new WriteGroup
                {
                    Table = HighWaterTable, KeyColumn = "row_ref", Operation = WriteOperation.Upsert, Columns = HighWaterColumns,
                    KnownAbsent = !known, Rows = rows,
                };
            }
        }
    }

    private sealed record WritePass(List<EventDisposition> Dispositions, List<(int Event, RowWrite Write)> Writes,
        Dictionary<string, (long Ticks, string EventId)> HighWater);

    private static string RowRef(RowWrite write) => MissingRows.RowRef(write.Table, WritePlanner.KeyText(write.Key));
}
