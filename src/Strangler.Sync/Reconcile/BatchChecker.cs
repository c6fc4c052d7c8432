using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Strangler.LegacyDatabase.Dialects.Errors;
using Strangler.Sync.Debezium;
using Strangler.Sync.Projection;
using Strangler.Sync.Reconcile.Reading;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Reconcile;

/// <summary>
/// Checks one batch of keys: loads the legacy rows (one query per table through the reader's temporary table) and the
/// stored documents (one call), compares them, checks what differs once more after <see cref="ReconcileOptions.RecheckDelay"/>,
/// and repairs the new side when asked. A batch whose query fails is retried key by key, so only the keys that
/// cannot be read become error findings, and the job goes on. At most <see cref="ReconcileOptions.Concurrency"/>
/// batches read or write at once, each on its own connection; a batch waiting for its recheck holds none, so a
/// difference in every batch does not hold the job to one batch a connection per <see cref="ReconcileOptions.RecheckDelay"/>.
/// The legacy connections stay open between batches and are closed when the checker is disposed.
/// </summary>
internal sealed class BatchChecker(
    ProjectionShape shape, ILegacyRowReader reader, IDocumentStore store, IDocumentScan scan, ReconcileOptions options, TimeProvider time)
    : IAsyncDisposable
{
    private static readonly IReadOnlyDictionary<object, IReadOnlyDictionary<string, object?>> NoDocuments =
        new Dictionary<object, IReadOnlyDictionary<string, object?>>();

    // Open connections between batches: a reader keeps its per-session setup (the PostgreSQL temporary table) on them.
    private readonly ConcurrentBag<DbConnection> _idle = [];

    // The batches reading or writing now; one connection each.
    private readonly SemaphoreSlim _slots = new(Math.Max(options.Concurrency, 1));

    private ProjectionOptions Projection => shape.Projection;

    /// <summary>Checks <paramref name="keys"/>; with <paramref name="repairNew"/> the findings left after the recheck are repaired.</summary>
    /// <param name="keys">The keys of the batch.</param>
    /// <param name="onlyMissingInLegacy">Phase 2: the keys come from the store, and only documents without a legacy row are reported.</param>
    /// <param name="repairNew">Repair the new store.</param>
    /// <param name="cancellationToken">Stops the batch.</param>
    public async Task<IReadOnlyList<Finding>> CheckAsync(IReadOnlyList<object> keys, bool onlyMissingInLegacy, bool repairNew, CancellationToken cancellationToken)
    {
        var (findings, suspects) = await InSlotAsync(() => FirstLookAsync(keys, onlyMissingInLegacy, cancellationToken), cancellationToken);
        if (suspects.Count == 0)
        {
            return findings;
        }

        // A change on its way through CDC lands meanwhile; only what still differs afterwards is reported. The wait
        // holds no slot: other batches read meanwhile.
        if (options.RecheckDelay > TimeSpan.Zero)
        {
            await Task.Delay(options.RecheckDelay, time, cancellationToken);
        }

        return await InSlotAsync(() => RecheckAsync(suspects, findings, onlyMissingInLegacy, repairNew, cancellationToken), cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> once one of the <see cref="ReconcileOptions.Concurrency"/> slots is free.</summary>
    public async Task<T> InSlotAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await work();
        }
        finally
        {
            _slots.Release();
        }
    }

    // Keeps only the keys to look at again (and the error findings), not the rows and documents read: a batch holds
    // little while it waits.
    private async Task<(List<Finding> Findings, List<object> Suspects)> FirstLookAsync(
        IReadOnlyList<object> keys, bool onlyMissingInLegacy, CancellationToken cancellationToken)
    {
        var first = await CompareAsync(keys, onlyMissingInLegacy, cancellationToken);
        return (first.Where(o => o.Finding is { Kind: FindingKind.Error }).Select(o => o.Finding!).ToList(),
            first.Where(o => o.Finding is { Kind: not FindingKind.Error }).Select(o => o.Key).ToList());
    }

    private async Task<IReadOnlyList<Finding>> RecheckAsync(
        List<object> suspects, List<Finding> findings, bool onlyMissingInLegacy, bool repairNew, CancellationToken cancellationToken)
    {
        SourcePosition? position = null;
        if (repairNew)
        {
            // Before the rows are read again: the repair writes carry it, so a CDC change newer than what was read
            // still wins, and the repair wins only over what is older.
            await using var connection = await OpenAsync(cancellationToken);
            position = await reader.PositionAsync(connection, cancellationToken);
        }

        var second = await CompareAsync(suspects, onlyMissingInLegacy, cancellationToken);
        foreach (var outcome in second.Where(o => o.Finding is not null))
        {
            var finding = outcome.Finding!;
            if (position is not null && finding.Kind != FindingKind.Error)
            {
                var counts = await store.ApplyAsync(Projection.Collection, RepairWrites(outcome, position).ToList(), cancellationToken);
                finding = finding with { Repaired = counts.Applied > 0 ? "new" : null };
            }

            findings.Add(finding);
        }

        return findings;
    }

    /// <summary>Compares <paramref name="keys"/> once.</summary>
    public async Task<IReadOnlyList<KeyOutcome>> CompareAsync(IReadOnlyList<object> keys, bool onlyMissingInLegacy, CancellationToken cancellationToken)
    {
        var legacy = await LoadAsync(keys, onlyMissingInLegacy ? shape.RootKeys : shape.Reads, cancellationToken);
        // Phase 2 reports only documents whose legacy row is gone, so it reads only those (phase 1 has compared the
        // rest): the store is not read twice for every key.
        IReadOnlyCollection<object> wanted = onlyMissingInLegacy ? keys.Where(k => legacy[k].Root is null).ToList() : keys;
        var stored = wanted.Count == 0 ? NoDocuments : await scan.FindManyAsync(Projection.Collection, wanted, cancellationToken);
        var outcomes = new List<KeyOutcome>(keys.Count);
        foreach (var key in keys)
        {
            var entity = legacy[key];
            var document = LiveDocuments.Of(stored.GetValueOrDefault(key));
            outcomes.Add(Compare(key, entity, document, onlyMissingInLegacy));
        }

        return outcomes;
    }

    private KeyOutcome Compare(object key, LegacyEntity entity, IReadOnlyDictionary<string, object?>? document, bool onlyMissingInLegacy)
    {
        if (onlyMissingInLegacy && entity.Root is not null)
        {
            // Phase 2 reports only documents without a legacy row; phase 1 has compared (or reported) the rest.
            return new KeyOutcome(key, null, entity, document, null);
        }

        if (entity.Error is { } error)
        {
            return new KeyOutcome(key, Finding.Of(Projection.Name, FindingKind.Error, key) with { Error = error }, entity, document, null);
        }

        if (entity.Root is null)
        {
            return new KeyOutcome(key, document is null ? null : Finding.Of(Projection.Name, FindingKind.MissingInLegacy, key), entity, document, null);
        }

        ExpectedDocument expected;
        try
        {
            expected = ExpectedDocument.Of(Projection, entity);
        }
        catch (ProjectionException ex)
        {
            return new KeyOutcome(key, Finding.Of(Projection.Name, FindingKind.Error, key) with { Error = ex.Message }, entity, document, null);
        }

        if (document is null)
        {
            return new KeyOutcome(key, Finding.Of(Projection.Name, FindingKind.MissingInNew, key), entity, null, expected);
        }

        var differences = DocumentComparer.Compare(Projection, expected, document);
        return new KeyOutcome(
            key, differences.Count == 0 ? null : Finding.Of(Projection.Name, FindingKind.Different, key) with { Fields = differences }, entity, document, expected);
    }

    private static IEnumerable<DocumentWrite> RepairWrites(KeyOutcome outcome, SourcePosition position) =>
        outcome.Expected is { } expected
            ? expected.Writes(outcome.Key, outcome.Stored, position)
            : [new DeleteDocument(outcome.Key, position)];

    /// <summary>The legacy entities of <paramref name="keys"/>; a failed batch query is retried one key at a time.</summary>
    public Task<Dictionary<object, LegacyEntity>> LoadAsync(IReadOnlyList<object> keys, CancellationToken cancellationToken) =>
        LoadAsync(keys, shape.Reads, cancellationToken);

    private async Task<Dictionary<object, LegacyEntity>> LoadAsync(IReadOnlyList<object> keys, IReadOnlyList<TableRead> reads, CancellationToken cancellationToken)
    {
        try
        {
            return LegacyEntity.Group(keys, await ReadAsync(keys, reads, cancellationToken));
        }
        catch (Exception ex) when (ex is DbException or InvalidCastException or InvalidOperationException)
        {
            if (keys.Count == 1)
            {
                return new Dictionary<object, LegacyEntity> { [keys[0]] = Unreadable(keys[0], reads, ex) };
            }

            var entities = new Dictionary<object, LegacyEntity>();
            foreach (var key in keys)
            {
                entities[key] = await LoadOneAsync(key, reads, cancellationToken);
            }

            return entities;
        }
    }

    private async Task<LegacyEntity> LoadOneAsync(object key, IReadOnlyList<TableRead> reads, CancellationToken cancellationToken)
    {
        try
        {
            return LegacyEntity.Group([key], await ReadAsync([key], reads, cancellationToken))[key];
        }
        catch (Exception ex) when (ex is DbException or InvalidCastException or InvalidOperationException)
        {
            return Unreadable(key, reads, ex);
        }
    }

    private async Task<IReadOnlyList<IReadOnlyList<LegacyRow>>> ReadAsync(IReadOnlyList<object> keys, IReadOnlyList<TableRead> reads, CancellationToken cancellationToken)
    {
        DbConnection? connection = null;
        while (connection is null && _idle.TryTake(out var idle))
        {
            if (idle.State == ConnectionState.Open)
            {
                connection = idle;
            }
            else
            {
                await idle.DisposeAsync();
            }
        }

        connection ??= await OpenAsync(cancellationToken);
        try
        {
            var rows = await reader.ReadAsync(connection, keys, reads, cancellationToken);
            _idle.Add(connection);
            return rows;
        }
        catch
        {
            // Whatever state the failure left the session in goes with it.
            await connection.DisposeAsync();
            throw;
        }
    }

    private static LegacyEntity Unreadable(object key, IReadOnlyList<TableRead> reads, Exception exception) =>
        // Described: a database error's message may quote a row value (a conversion failure, a PostgreSQL Detail).
        new(key, new LegacyRow(key, key, null, "the rows cannot be loaded: " + DatabaseErrorText.Describe(exception)),
            reads.Skip(1).Select(_ => (IReadOnlyList<LegacyRow>)[]).ToList());

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = reader.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        _slots.Dispose();
        while (_idle.TryTake(out var connection))
        {
            await connection.DisposeAsync();
        }
    }
}
