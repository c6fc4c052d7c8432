using System.Data.Common;
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

    public ISqlDialect Dialect => dialect;

    /// <summary>Applies <paramref name="events"/> (in order); returns each event's disposition. Throws on any failure.</summary>
    public async Task<IReadOnlyList<EventDisposition>> ApplyAsync(IReadOnlyList<MappedEvent> events, CancellationToken cancellationToken)
    {
        await using var connection = dialect.CreateConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await dialect.MarkSyncOriginAsync(connection, transaction, cancellationToken);

        var applied = await dialect.ReadByKeysAsync(connection, transaction, AppliedTable, "event_id", "event_id",
            events.Select(e => e.Event.Id).Distinct().ToList(), cancellationToken);
        var highWater = (await dialect.ReadByKeysAsync(connection, transaction, HighWaterTable, "row_ref", "event_ticks",
                events.SelectMany(e => e.Writes).Select(RowRef).Distinct().ToList(), cancellationToken))
            .ToDictionary(kv => kv.Key, kv => long.Parse(kv.Value!, System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);

        var seen = new HashSet<string>(applied.Keys, StringComparer.Ordinal);
        var dispositions = new List<EventDisposition>(events.Count);
        var writes = new List<RowWrite>();
        var newHighWater = new Dictionary<string, (long Ticks, string EventId)>(StringComparer.Ordinal);
        var recorded = new List<DomainEvent>();
        foreach (var (domainEvent, rowWrites) in events)
        {
            if (!seen.Add(domainEvent.Id))
            {
                dispositions.Add(EventDisposition.Duplicate);
                continue;
            }
            var ticks = domainEvent.Time.UtcTicks;
            var fresh = rowWrites.Where(w => !highWater.TryGetValue(RowRef(w), out var newest) || newest <= ticks).ToList();
            foreach (var write in fresh)
            {
                highWater[RowRef(write)] = ticks;
                newHighWater[RowRef(write)] = (ticks, domainEvent.Id);
            }
            writes.AddRange(fresh);
            recorded.Add(domainEvent);
            dispositions.Add(fresh.Count > 0 || rowWrites.Count == 0 ? EventDisposition.Applied : EventDisposition.Stale);
        }

        foreach (var group in WritePlanner.Plan(writes))
        {
            await dialect.WriteAsync(connection, transaction, group, cancellationToken);
        }
        await RecordAsync(connection, transaction, recorded, newHighWater, cancellationToken);
        await dialect.BeforeCommitAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return dispositions;
    }

    private async Task RecordAsync(DbConnection connection, DbTransaction transaction, List<DomainEvent> recorded,
        Dictionary<string, (long Ticks, string EventId)> highWater, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var bookkeeping = recorded.Select(e => new RowWrite
        {
            Table = AppliedTable, KeyColumn = "event_id", Key = e.Id, Operation = WriteOperation.Upsert,
            Columns = new Dictionary<string, object?> { ["event_type"] = e.Type, ["subject"] = e.Subject, ["applied_at"] = now },
        }).Concat(highWater.Select(kv => new RowWrite
        {
            Table = HighWaterTable, KeyColumn = "row_ref", Key = kv.Key, Operation = WriteOperation.Upsert,
            Columns = new Dictionary<string, object?> { ["event_ticks"] = kv.Value.Ticks, ["event_id"] = kv.Value.EventId },
        }));
        foreach (var group in WritePlanner.Plan(bookkeeping))
        {
            await dialect.WriteAsync(connection, transaction, group, cancellationToken);
        }
    }

    private static string RowRef(RowWrite write) => write.Table + "|" + WritePlanner.KeyText(write.Key);
}
