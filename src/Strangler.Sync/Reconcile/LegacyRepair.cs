using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Dialects.Errors;
using Strangler.Sync.Backfill;
using Strangler.Sync.Projection;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Reconcile;

/// <summary>
/// Repairs the legacy side through the backfill's own write path: each finding's key gets the events of
/// <see cref="LegacyRepairEvents"/> (the document as the service would have raised it), applied by
/// <see cref="BackfillWriter"/> with its sync-origin marker (no echo back through CDC) and its per-row high-water guard
/// (a newer event of the service still wins). A batch's events are applied in one transaction, ordered by
/// <see cref="RepairStage"/> so that child rows are deleted before their root row. A permanent failure (a constraint,
/// a type the column refuses) splits the batch in halves until it is down to the one key that fails: that finding
/// says why, without the row values the engine's message may quote, and every other key is repaired. An update that
/// finds no row needs no split: the writer fails that key's events together and writes the other keys in the same
/// transaction. A transient one
/// (a lost connection, a deadlock) stops the job, which resumes from its checkpoint.
/// </summary>
internal sealed class LegacyRepair(
    LegacyRepairOptions options, IReadOnlyDictionary<string, IEventMapping> mappings, BackfillWriter writer, IDocumentStore store,
    ProjectionOptions projection, TimeProvider time)
{
    private readonly LegacyRepairEvents _events = new(options, mappings, projection);

    /// <summary>
    /// Every problem of <paramref name="options"/> for <paramref name="projection"/>, each naming its key; with
    /// <paramref name="mappedTypes"/>, also every event type named that has no mapping in <paramref name="mappingsSection"/>.
    /// </summary>
    public static IReadOnlyList<string> Errors(
        LegacyRepairOptions options, ProjectionOptions projection, IReadOnlyCollection<string>? mappedTypes = null, string mappingsSection = "")
    {
        var errors = new List<string>();
        // "is required" alone left the reader to guess what kind of value goes there: say what the event type is for.
        void Check(string key, string type, string purpose)
        {
            if (string.IsNullOrWhiteSpace(type))
            {
                errors.Add($"{key}: is required: the event type whose backfill mapping {purpose} (--repair legacy raises it as the service would)");
            }
            else if (mappedTypes is not null && !mappedTypes.Contains(type))
            {
                errors.Add($"{key}: the event type '{type}' has no mapping ({mappingsSection}:{type})");
            }
        }

        Check($"{LegacyRepairOptions.SectionName}:UpsertEvent", options.UpsertEvent, "writes a document's rows, such as CustomerUpdated");
        Check($"{LegacyRepairOptions.SectionName}:DeleteEvent", options.DeleteEvent, "deletes a key's rows, such as CustomerDeleted");
        foreach (var (array, item) in options.Items.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            var at = $"{LegacyRepairOptions.SectionName}:Items:{array}";
            if (projection.Children.All(c => c.Array != array))
            {
                errors.Add($"{at}: the projection '{projection.Name}' has no array '{array}' (its arrays: {string.Join(", ", projection.Children.Select(c => c.Array))})");
            }

            Check($"{at}:UpsertEvent", item.UpsertEvent, $"writes one item's row of the array '{array}'");
            Check($"{at}:DeleteEvent", item.DeleteEvent, $"deletes one item's row of the array '{array}'");
        }

        return errors;
    }

    /// <summary>
    /// Repairs the keys of <paramref name="findings"/> (error findings stay as they are) from their documents and their
    /// <paramref name="legacy"/> rows, read again just before; returns the findings as reported, in the same order.
    /// </summary>
    public async Task<IReadOnlyList<Finding>> RepairAsync(
        IReadOnlyList<Finding> findings, IReadOnlyDictionary<object, LegacyEntity> legacy, CancellationToken cancellationToken)
    {
        var results = findings.ToArray();
        var keys = findings.Where(f => f.Kind != FindingKind.Error).Select(f => f.Key).ToList();
        var documents = keys.Count == 0 ? new Dictionary<object, IReadOnlyDictionary<string, object?>>() : await FindAsync(keys, cancellationToken);
        var repairs = new List<KeyRepair>();
        for (var i = 0; i < findings.Count; i++)
        {
            var finding = findings[i];
            if (finding.Kind == FindingKind.Error)
            {
                continue;
            }

            var rows = legacy[finding.Key];
            if (rows.Error is { } error)
            {
                results[i] = finding with { Error = "not repaired: " + error };
                continue;
            }

            var repair = _events.Plan(i, finding, LiveDocuments.Of(documents.GetValueOrDefault(finding.Key)), rows, time.GetUtcNow());
            if (repair.Events.Count == 0)
            {
                results[i] = repair.Outcome;
                continue;
            }

            repairs.Add(repair);
        }

        await ApplyAsync(repairs, results, cancellationToken);
        return results;
    }

    private async Task<IReadOnlyDictionary<object, IReadOnlyDictionary<string, object?>>> FindAsync(List<object> keys, CancellationToken cancellationToken)
    {
        if (store is IDocumentScan scan)
        {
            return await scan.FindManyAsync(projection.Collection, keys, cancellationToken);
        }

        var documents = new Dictionary<object, IReadOnlyDictionary<string, object?>>();
        foreach (var key in keys)
        {
            if (await store.FindAsync(projection.Collection, key, cancellationToken) is { } document)
            {
                documents[key] = document;
            }
        }

        return documents;
    }

    private async Task ApplyAsync(IReadOnlyList<KeyRepair> repairs, Finding[] results, CancellationToken cancellationToken)
    {
        if (repairs.Count == 0)
        {
            return;
        }

        var ordered = InOrder(repairs);
        WrittenBatch written;
        try
        {
            // A key's events fail together: a key whose update finds no row is left as it was, not half repaired.
            written = await writer.ApplyAsync(ordered.Select(e => e.Event).ToList(), ordered.Select(e => e.Repair.Index).ToList(), cancellationToken);
        }
        catch (Exception ex) when (IsPermanent(ex))
        {
            if (repairs.Count == 1)
            {
                results[repairs[0].Index] = repairs[0].Outcome with
                {
                    Repaired = null,
                    Error = "not repaired: the legacy write failed: " + DatabaseErrorText.Describe(ex),
                };
                return;
            }

            // Each half commits on its own: the keys are independent, and the failing one ends up alone.
            var half = repairs.Count / 2;
            await ApplyAsync(repairs.Take(half).ToList(), results, cancellationToken);
            await ApplyAsync(repairs.Skip(half).ToList(), results, cancellationToken);
            return;
        }

        // The row guard kept rows that already reflect a newer event of the service (one stamped after this repair's
        // "now", from a clock ahead of ours): reporting them repaired would promise a clean second run.
        var kept = ordered.Where((e, i) => written.Dispositions[i] == EventDisposition.Stale).Select(e => e.Repair.Index).ToHashSet();
        // A key's failed events share the one reason (the row its update found missing).
        var missing = written.Missing.GroupBy(m => ordered[m.Key].Repair.Index).ToDictionary(g => g.Key, g => g.First().Value);
        foreach (var repair in repairs)
        {
            results[repair.Index] = missing.TryGetValue(repair.Index, out var row)
                ? repair.Outcome with { Repaired = null, Error = "not repaired: the legacy write failed: " + DatabaseErrorText.Describe(row) }
                : kept.Contains(repair.Index)
                ? repair.Outcome with
                {
                    Repaired = null,
                    Error = "not repaired: the legacy rows already reflect a newer event of the service (the backfill's row guard kept them)",
                }
                : repair.Outcome;
        }
    }

    /// <summary>The events of <paramref name="repairs"/> in the order one transaction applies them (see <see cref="RepairStage"/>).</summary>
    internal static List<(KeyRepair Repair, RepairStage Stage, MappedEvent Event)> InOrder(IReadOnlyList<KeyRepair> repairs) =>
        // A stable sort: within a stage, the events keep the order they were raised in.
        repairs.SelectMany(r => r.Events.Select(e => (Repair: r, e.Stage, e.Event))).OrderBy(e => e.Stage).ToList();

    private bool IsPermanent(Exception exception) => exception is not OperationCanceledException &&
        (exception is ArgumentException || writer.Dialect.Classify(exception) == FailureKind.Permanent);
}
