using System.Data.Common;

namespace Strangler.LegacyDatabase.Dialects;

/// <summary>
/// The port to a legacy database engine: connections, quoting, batched upserts/updates/deletes in the engine's own form,
/// error classification and the sync-origin marker. Obtain one with <see cref="SqlDialects.For"/>.
/// </summary>
public interface ISqlDialect
{
    /// <summary>The engine this dialect speaks to.</summary>
    LegacyProvider Provider { get; }

    /// <summary>Quotes one identifier; throws <see cref="ArgumentException"/> for a name that is not plain.</summary>
    string QuoteIdentifier(string identifier);

    /// <summary>Quotes a table name, <c>table</c> or <c>schema.table</c>.</summary>
    string QuoteTable(string table);

    /// <summary>
    /// Creates (does not open) a connection. A connection string the driver cannot read throws an
    /// <see cref="ArgumentException"/> that quotes none of it (see <see cref="Errors.ConnectionStringCheck"/>).
    /// </summary>
    DbConnection CreateConnection(string connectionString);

    /// <summary>Tells whether retrying the operation that threw <paramref name="exception"/> can help.</summary>
    FailureKind Classify(Exception exception);

    /// <summary>
    /// Writes one group with as few multi-row statements as the engine's parameter limit allows. An update group whose
    /// keys do not all have a row throws <see cref="LegacyRowMissingException"/> naming them (the transaction is then
    /// the caller's to roll back).
    /// </summary>
    Task WriteAsync(DbConnection connection, DbTransaction transaction, WriteGroup group, CancellationToken cancellationToken);

    /// <summary>
    /// Reads <paramref name="valueColumn"/> of the rows whose text key column is in <paramref name="keys"/>
    /// (for Strangler's own text-keyed tables); returns key to value, both as text.
    /// </summary>
    Task<IReadOnlyDictionary<string, string?>> ReadByKeysAsync(
        DbConnection connection, DbTransaction transaction, string table, string keyColumn, string valueColumn,
        IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="groups"/> in order. By default one <see cref="WriteAsync"/> after another; an engine that
    /// can send several statements in one round trip (PostgreSQL) overrides it.
    /// </summary>
    async Task WriteAllAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<WriteGroup> groups, CancellationToken cancellationToken)
    {
        foreach (var group in groups)
        {
            await WriteAsync(connection, transaction, group, cancellationToken);
        }
    }

    /// <summary>
    /// Runs several <see cref="ReadByKeysAsync"/> lookups; returns one result per lookup, in order. By default one
    /// after another; an engine that can send several queries in one round trip (PostgreSQL) overrides it.
    /// </summary>
    async Task<IReadOnlyList<IReadOnlyDictionary<string, string?>>> ReadAllByKeysAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<KeyLookup> lookups, CancellationToken cancellationToken)
    {
        var results = new List<IReadOnlyDictionary<string, string?>>(lookups.Count);
        foreach (var lookup in lookups)
        {
            results.Add(await ReadByKeysAsync(connection, transaction, lookup.Table, lookup.KeyColumn, lookup.ValueColumn,
                lookup.Keys, cancellationToken));
        }
        return results;
    }

    /// <summary>
    /// Starts a batch's transaction: writes the sync-origin marker, inserts the rows of <paramref name="claims"/> whose
    /// key is not in its table yet (keys unique within the group; existing rows are left alone) and reports which it
    /// inserted, then runs <paramref name="lookups"/>. By default as separate statements; an engine that can do it in
    /// one round trip with <c>ON CONFLICT DO NOTHING RETURNING</c> (PostgreSQL) overrides it.
    /// </summary>
    async Task<BatchStart> StartBatchAsync(DbConnection connection, DbTransaction transaction, WriteGroup claims,
        IReadOnlyList<KeyLookup> lookups, CancellationToken cancellationToken)
    {
        await MarkSyncOriginAsync(connection, transaction, cancellationToken);
        var fresh = claims.Rows;
        if (fresh.Count > 0)
        {
            var existing = await ReadByKeysAsync(connection, transaction, claims.Table, claims.KeyColumn, claims.KeyColumn,
                fresh.Select(r => WritePlanner.KeyText(r[0]!)).ToList(), cancellationToken);
            fresh = fresh.Where(r => !existing.ContainsKey(WritePlanner.KeyText(r[0]!))).ToList();
            if (fresh.Count > 0)
            {
                await WriteAsync(connection, transaction, claims with { Rows = fresh, KnownAbsent = true }, cancellationToken);
            }
        }
        return new BatchStart
        {
            Claimed = fresh.Select(r => WritePlanner.KeyText(r[0]!)).ToHashSet(StringComparer.Ordinal),
            Lookups = await ReadAllByKeysAsync(connection, transaction, lookups, cancellationToken),
        };
    }

    /// <summary>Writes the sync-origin marker for the current transaction so capture can skip its changes.</summary>
    Task MarkSyncOriginAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Runs just before commit (SQLite removes its marker row again; others do nothing).</summary>
    Task BeforeCommitAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>
    /// The column of <c>strangler_sync_origin</c> that says when a marker was written, or null where a marker never
    /// outlives its transaction (SQLite), so there is nothing to prune.
    /// </summary>
    string? SyncOriginTimeColumn { get; }

    /// <summary>
    /// Deletes at most <paramref name="limit"/> rows of <paramref name="table"/> whose <paramref name="timeColumn"/> is
    /// before <paramref name="cutoff"/>, as one short statement of its own (no surrounding transaction, so locks are
    /// held only briefly on a busy legacy database); returns how many it deleted.
    /// </summary>
    Task<int> DeleteOlderThanAsync(DbConnection connection, string table, string timeColumn, DateTimeOffset cutoff, int limit,
        CancellationToken cancellationToken);
}
