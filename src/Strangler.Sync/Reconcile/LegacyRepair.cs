using System.Globalization;
using System.Text.Json;
using Strangler.Sync.Backfill;
using Strangler.Sync.Projection;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Reconcile;

/// <summary>
/// Repairs the legacy side through the backfill's own write path: each finding becomes a domain event of the
/// configured type (data: the stored document without Strangler's fields; subject: the key; time: now), mapped by
/// the backfill's mapping and applied by <see cref="BackfillWriter"/> with its sync-origin marker (no echo back
/// through CDC) and its per-row high-water guard (a newer event of the service still wins). A declared mapping writes
/// one table, so the items of an array named in <see cref="LegacyRepairOptions.Items"/> get events of their own: one
/// upsert per live item of the document, one delete per item only the legacy table has. A finding's events are mapped
/// together and applied in one transaction, or none is when one of them cannot be mapped.
/// </summary>
internal sealed class LegacyRepair(
    LegacyRepairOptions options, IReadOnlyDictionary<string, IEventMapping> mappings, BackfillWriter writer, IDocumentStore store,
    ProjectionOptions projection, TimeProvider time)
{
    /// <summary>Every problem of <paramref name="options"/> for <paramref name="projection"/>, each naming its key.</summary>
    public static IReadOnlyList<string> Errors(LegacyRepairOptions options, ProjectionOptions projection)
    {
        var errors = new List<string>();
        foreach (var (array, item) in options.Items.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            var at = $"{LegacyRepairOptions.SectionName}:Items:{array}";
            if (projection.Children.All(c => c.Array != array))
            {
                errors.Add($"{at}: the projection '{projection.Name}' has no array '{array}' (its arrays: {string.Join(", ", projection.Children.Select(c => c.Array))})");
            }

            if (string.IsNullOrWhiteSpace(item.UpsertEvent))
            {
                errors.Add($"{at}:UpsertEvent: is required");
            }

            if (string.IsNullOrWhiteSpace(item.DeleteEvent))
            {
                errors.Add($"{at}:DeleteEvent: is required");
            }
        }

        return errors;
    }

    public async Task<IReadOnlyList<Finding>> RepairAsync(IReadOnlyList<Finding> findings, CancellationToken cancellationToken)
    {
        var events = new List<MappedEvent>();
        var repaired = new List<Finding>(findings.Count);
        // Which of the events are each repaired finding's, to read their dispositions back once they are applied.
        var ranges = new List<(int Finding, int First, int Count)>();
        foreach (var finding in findings)
        {
            if (finding.Kind == FindingKind.Error)
            {
                repaired.Add(finding);
                continue;
            }

            var document = LiveDocuments.Of(await store.FindAsync(projection.Collection, finding.Key, cancellationToken));
            var (mapped, error) = Map(Raise(finding, document));
            if (error is not null)
            {
                repaired.Add(finding with { Error = error });
                continue;
            }

            ranges.Add((repaired.Count, events.Count, mapped.Count));
            events.AddRange(mapped);
            var notRepaired = document is null ? [] : NotRepairedArrays(finding, document);
            repaired.Add(notRepaired.Count == 0
                ? finding with { Repaired = "legacy" }
                : finding with
                {
                    Error = $"the {projection.Root.Table} row was written, its {string.Join(", ", notRepaired)} items were not: "
                        + $"no {LegacyRepairOptions.SectionName}:Items:{notRepaired[0]}",
                });
        }

        if (events.Count == 0)
        {
            return repaired;
        }

        var dispositions = await writer.ApplyAsync(events, cancellationToken);
        foreach (var (index, first, count) in ranges)
        {
            // The row guard kept rows that already reflect a newer event of the service (one stamped after this repair's
            // "now", from a clock ahead of ours): reporting them repaired would promise a clean second run.
            if (Enumerable.Range(first, count).Any(e => dispositions[e] == EventDisposition.Stale))
            {
                repaired[index] = repaired[index] with
                {
                    Repaired = null,
                    Error = "not repaired: the legacy rows already reflect a newer event of the service (the backfill's row guard kept them)",
                };
            }
        }

        return repaired;
    }

    // The events that make the legacy rows of one key what the document says: deletes of legacy-only items first, then
    // the root row, then the items (whose rows may refer to the root's).
    private List<(string Type, object Subject, object Data)> Raise(Finding finding, IReadOnlyDictionary<string, object?>? document)
    {
        if (document is null)
        {
            return [(options.DeleteEvent, finding.Key, new Dictionary<string, object?>())];
        }

        var raised = new List<(string Type, object Subject, object Data)>();
        var upserts = new List<(string Type, object Subject, object Data)> { (options.UpsertEvent, finding.Key, Data(document)) };
        foreach (var child in projection.Children)
        {
            if (!options.Items.TryGetValue(child.Array, out var item))
            {
                continue;
            }

            raised.AddRange(LegacyOnlyItems(finding, child.Array).Select(key => (item.DeleteEvent, (object)key, (object)new Dictionary<string, object?>())));
            upserts.AddRange(StoredItems.Live(document, child.Array)
                .Select(i => (item.UpsertEvent, i.Key, (object)ItemData(i.Value, child.ParentKeyColumn, finding.Key))));
        }

        raised.AddRange(upserts);
        return raised;
    }

    private (List<MappedEvent> Events, string? Error) Map(List<(string Type, object Subject, object Data)> raised)
    {
        var now = time.GetUtcNow();
        var events = new List<MappedEvent>(raised.Count);
        foreach (var (type, subject, data) in raised)
        {
            if (!mappings.TryGetValue(type, out var mapping))
            {
                return ([], $"no backfill mapping for event type '{type}' ({LegacyRepairOptions.SectionName})");
            }

            var domainEvent = new DomainEvent
            {
                Id = "reconcile:" + Guid.NewGuid().ToString("N"),
                Type = type,
                Source = "strangler-reconcile",
                Subject = Convert.ToString(subject, CultureInfo.InvariantCulture)!,
                Time = now,
                Data = JsonSerializer.SerializeToElement(data),
            };
            try
            {
                events.Add(new MappedEvent(domainEvent, mapping.Map(domainEvent)));
            }
            catch (EventMappingException ex)
            {
                return ([], "repair mapping failed: " + ex.Message);
            }
        }

        return (events, null);
    }

    // The arrays whose items this repair leaves as they are: not named in Items, yet differing (or, for a key the
    // legacy side lacks, holding items that its rows will lack too).
    private List<string> NotRepairedArrays(Finding finding, IReadOnlyDictionary<string, object?> document) =>
        projection.Children.Select(c => c.Array)
            .Where(array => !options.Items.ContainsKey(array))
            .Where(array => finding.Fields.Any(f => f.Field.StartsWith(array + "[", StringComparison.Ordinal))
                || (finding.Kind == FindingKind.MissingInLegacy && StoredItems.Live(document, array).Count > 0))
            .ToList();

    // An item the legacy rows give and the document lacks is reported as "<array>[<key>]", legacy "present", new null.
    private static IEnumerable<string> LegacyOnlyItems(Finding finding, string array) =>
        finding.Fields
            .Where(f => f.New is null && f.Legacy is not null && f.Field.StartsWith(array + "[", StringComparison.Ordinal) && f.Field.EndsWith(']'))
            .Select(f => f.Field[(array.Length + 1)..^1]);

    // The item's own fields, and its parent's key under the legacy column that holds it (the projection drops it).
    private static Dictionary<string, object?> ItemData(IReadOnlyDictionary<string, object?> item, string parentKeyColumn, object parentKey)
    {
        var data = item.Where(f => !f.Key.StartsWith('_')).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        data[parentKeyColumn] = parentKey;
        return data;
    }

    private static Dictionary<string, object?> Data(IReadOnlyDictionary<string, object?> document) =>
        document.Where(p => !p.Key.StartsWith('_')).ToDictionary(
            p => p.Key,
            p => p.Value is List<object?> items
                ? items.OfType<IReadOnlyDictionary<string, object?>>().Select(i => i.Where(f => !f.Key.StartsWith('_') || f.Key == DocumentFields.ItemKey).ToDictionary()).ToList()
                : p.Value,
            StringComparer.Ordinal);
}
