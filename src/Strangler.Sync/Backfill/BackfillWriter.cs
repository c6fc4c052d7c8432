using System.Globalization;
using Strangler.Legacy.Dialects;

namespace Strangler.Sync.Backfill;

/// <summary>
/// Applies mapped events in ONE transaction: the sync-origin marker, duplicate check against the applied-events
/// table, per-row staleness against the high-water table, the batched row writes, and the bookkeeping rows. Either
/// all of it commits or nothing does, so a crash or a redelivery at any point changes nothing twice.
/// </summary>
internal sealed class BackfillWriter(ISqlDialect dialect, string connectionString, TimeProvider timeProvider)
{
    internal const string AppliedTable = "strangler_applied_events";
    internal const string HighWaterTable = "strangler_sync_high_water";

    // Column order of the bookkeeping groups built below (ordinal order, as the planner would give).
    private static readonly string[] AppliedColumns = ["applied_at", "event_type", "subject"];
    private static readonly string[] HighWaterColumns = ["event_id", "event_ticks"];

    public ISqlDialect Dialect => dialect;

    /// <summary>Applies <paramref name="events"/> (in order); returns each event's disposition. Throws on any failure.</summary>
    public async Task<IReadOnlyList<EventDisposition>> ApplyAsync(IReadOnlyList<MappedEvent> events, CancellationToken cancellationToken)
    {
        // Row refs once per write: they key both the high-water lookup and the staleness check.
        var refs = events.Select(e => e.Writes.Select(RowRef).ToArray()).ToArray();
        await using var connection = dialect.CreateConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var known = await dialect.MarkSyncOriginAndReadAllByKeysAsync(connection, transaction,
        [
            new KeyLookup { Table = AppliedTable, KeyColumn = "event_id", ValueColumn = "event_id",
                Keys = events.Select(e => e.Event.Id).Distinct(StringComparer.Ordinal).ToList() },
            new KeyLookup { Table = HighWaterTable, KeyColumn = "row_ref", ValueColumn = "event_ticks",
                Keys = refs.SelectMany(r => r).Distinct(StringComparer.Ordinal).ToList() },
        ], cancellationToken);
        var seen = new HashSet<string>(known[0].Keys, StringComparer.Ordinal);
        var highWater = known[1].ToDictionary(kv => kv.Key, kv => long.Parse(kv.Value!, CultureInfo.InvariantCulture), StringComparer.Ordinal);

        var dispositions = new List<EventDisposition>(events.Count);
        var writes = new List<RowWrite>();
        var newHighWater = new Dictionary<string, (long Ticks, string EventId)>(StringComparer.Ordinal);
        var recorded = new List<DomainEvent>();
        for (var e = 0; e < events.Count; e++)
        {
            var (domainEvent, rowWrites) = events[e];
            if (!seen.Add(domainEvent.Id))
            {
                dispositions.Add(EventDisposition.Duplicate);
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
                writes.Add(rowWrites[w]);
                freshCount++;
            }
            recorded.Add(domainEvent);
            dispositions.Add(freshCount > 0 || rowWrites.Count == 0 ? EventDisposition.Applied : EventDisposition.Stale);
        }

        // Row writes, then the bookkeeping, handed over together so an engine can send them in one round trip.
        var groups = WritePlanner.Plan(writes).Concat(Bookkeeping(recorded, newHighWater, known[1])).ToList();
        await dialect.WriteAllAsync(connection, transaction, groups, cancellationToken);
        await dialect.BeforeCommitAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return dispositions;
    }

    // Built directly rather than through the planner: keys are already unique (event ids after the duplicate check,
    // row refs as dictionary keys) and every row has the same columns, so planning would only cost time. Event ids
    // and row refs that the reads above did not find are known to be absent, so an engine may plainly insert them.
    private IEnumerable<WriteGroup> Bookkeeping(List<DomainEvent> recorded, Dictionary<string, (long Ticks, string EventId)> highWater,
        IReadOnlyDictionary<string, string?> existingHighWater)
    {
        var now = timeProvider.GetUtcNow();
        if (recorded.Count > 0)
        {
            yield return new WriteGroup
            {
                Table = AppliedTable, KeyColumn = "event_id", Operation = WriteOperation.Upsert, Columns = AppliedColumns, KnownAbsent = true,
                Rows = recorded.Select(e => new object?[] { e.Id, now, e.Type, e.Subject }).ToList(),
            };
        }
        foreach (var existing in new[] { true, false })
        {
            var rows = highWater.Where(kv => existingHighWater.ContainsKey(kv.Key) == existing)
                .Select(kv => new object?[] { kv.Key, kv.Value.EventId, kv.Value.Ticks }).ToList();
            if (rows.Count > 0)
            {
                yield return new WriteGroup
                {
                    Table = HighWaterTable, KeyColumn = "row_ref", Operation = WriteOperation.Upsert, Columns = HighWaterColumns,
                    KnownAbsent = !existing, Rows = rows,
                };
            }
        }
    }

    private static string RowRef(RowWrite write) => write.Table + "|" + WritePlanner.KeyText(write.Key);
}
