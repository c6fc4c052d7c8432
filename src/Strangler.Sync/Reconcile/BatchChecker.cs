using System.Data.Common;
using Strangler.Sync.Debezium;
using Strangler.Sync.Projection;
using Strangler.Sync.Reconcile.Reading;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Reconcile;

/// <summary>
/// Checks one batch of keys: loads the legacy rows (one query per table through the reader's temporary table) and the
/// stored documents (one call), compares them, checks what differs once more after <see cref="ReconcileOptions.RecheckDelay"/>,
/// and repairs the new side when asked. A batch whose query fails is retried key by key, so only the keys that
/// cannot be read become error findings, and the job goes on.
/// </summary>
internal sealed class BatchChecker(
    ProjectionShape shape, ILegacyRowReader reader, IDocumentStore store, IDocumentScan scan, ReconcileOptions options, TimeProvider time)
{
    private ProjectionOptions Projection => shape.Projection;

    /// <summary>Checks <paramref name="keys"/>; with <paramref name="repairNew"/> the findings left after the recheck are repaired.</summary>
    /// <param name="keys">The keys of the batch.</param>
    /// <param name="onlyMissingInLegacy">Phase 2: the keys come from the store, and only documents without a legacy row are reported.</param>
    /// <param name="repairNew">Repair the new store.</param>
    /// <param name="cancellationToken">Stops the batch.</param>
    public async Task<IReadOnlyList<Finding>> CheckAsync(IReadOnlyList<object> keys, bool onlyMissingInLegacy, bool repairNew, CancellationToken cancellationToken)
    {
        var first = await CompareAsync(keys, onlyMissingInLegacy, cancellationToken);
        var suspects = first.Where(o => o.Finding is { Kind: not FindingKind.Error }).Select(o => o.Key).ToList();
        var findings = first.Where(o => o.Finding is { Kind: FindingKind.Error }).Select(o => o.Finding!).ToList();
        if (suspects.Count == 0)
        {
            return findings;
        }

        // A change on its way through CDC lands meanwhile; only what still differs afterwards is reported.
        if (options.RecheckDelay > TimeSpan.Zero)
        {
            await Task.Delay(options.RecheckDelay, time, cancellationToken);
        }

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
        var legacy = await LoadAsync(keys, cancellationToken);
        var stored = await scan.FindManyAsync(Projection.Collection, keys, cancellationToken);
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

        var differences = DocumentComparer.Compare(expected, document);
        return new KeyOutcome(
            key, differences.Count == 0 ? null : Finding.Of(Projection.Name, FindingKind.Different, key) with { Fields = differences }, entity, document, expected);
    }

    private static IEnumerable<DocumentWrite> RepairWrites(KeyOutcome outcome, SourcePosition position) =>
        outcome.Expected is { } expected
            ? expected.Writes(outcome.Key, outcome.Stored, position)
            : [new DeleteDocument(outcome.Key, position)];

    /// <summary>The legacy entities of <paramref name="keys"/>; a failed batch query is retried one key at a time.</summary>
    public async Task<Dictionary<object, LegacyEntity>> LoadAsync(IReadOnlyList<object> keys, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return LegacyEntity.Group(keys, await reader.ReadAsync(connection, keys, shape.Reads, cancellationToken));
        }
        catch (Exception ex) when (ex is DbException or InvalidCastException or InvalidOperationException)
        {
            if (keys.Count == 1)
            {
                return new Dictionary<object, LegacyEntity> { [keys[0]] = Unreadable(keys[0], ex) };
            }

            var entities = new Dictionary<object, LegacyEntity>();
            foreach (var key in keys)
            {
                entities[key] = (await LoadOneAsync(key, cancellationToken));
            }

            return entities;
        }
    }

    private async Task<LegacyEntity> LoadOneAsync(object key, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return LegacyEntity.Group([key], await reader.ReadAsync(connection, [key], shape.Reads, cancellationToken))[key];
        }
        catch (Exception ex) when (ex is DbException or InvalidCastException or InvalidOperationException)
        {
            return Unreadable(key, ex);
        }
    }

    private LegacyEntity Unreadable(object key, Exception exception) =>
        new(key, new LegacyRow(key, key, null, "the rows cannot be loaded: " + exception.Message),
            shape.Reads.Skip(1).Select(_ => (IReadOnlyList<LegacyRow>)[]).ToList());

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = reader.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
