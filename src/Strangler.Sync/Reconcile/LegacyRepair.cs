using System.Globalization;
using System.Text.Json;
using Strangler.Sync.Backfill;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Reconcile;

/// <summary>
/// Repairs the legacy side through the backfill's own write path: each finding becomes a domain event of the
/// configured type (data: the stored document without Strangler's fields; subject: the key; time: now), mapped by
/// the backfill's mapping and applied by <see cref="BackfillWriter"/> with its sync-origin marker (no echo back
/// through CDC) and its per-row high-water guard (a newer event of the service still wins).
/// </summary>
internal sealed class LegacyRepair(
    LegacyRepairOptions options, IReadOnlyDictionary<string, IEventMapping> mappings, BackfillWriter writer, IDocumentStore store, string collection,
    TimeProvider time)
{
    public async Task<IReadOnlyList<Finding>> RepairAsync(BatchChecker checker, IReadOnlyList<Finding> findings, CancellationToken cancellationToken)
    {
        var events = new List<MappedEvent>();
        var repaired = new List<Finding>(findings.Count);
        foreach (var finding in findings)
        {
            if (finding.Kind == FindingKind.Error)
            {
                repaired.Add(finding);
                continue;
            }

            var document = LiveDocuments.Of(await store.FindAsync(collection, finding.Key, cancellationToken));
            var type = document is null ? options.DeleteEvent : options.UpsertEvent;
            if (!mappings.TryGetValue(type, out var mapping))
            {
                repaired.Add(finding with { Error = $"no backfill mapping for event type '{type}' ({LegacyRepairOptions.SectionName})" });
                continue;
            }

            var domainEvent = new DomainEvent
            {
                Id = "reconcile:" + Guid.NewGuid().ToString("N"),
                Type = type,
                Source = "strangler-reconcile",
                Subject = Convert.ToString(finding.Key, CultureInfo.InvariantCulture)!,
                Time = time.GetUtcNow(),
                Data = JsonSerializer.SerializeToElement(Data(document)),
            };
            try
            {
                events.Add(new MappedEvent(domainEvent, mapping.Map(domainEvent)));
                repaired.Add(finding with { Repaired = "legacy" });
            }
            catch (EventMappingException ex)
            {
                repaired.Add(finding with { Error = "repair mapping failed: " + ex.Message });
            }
        }

        if (events.Count > 0)
        {
            await writer.ApplyAsync(events, cancellationToken);
        }

        return repaired;
    }

    private static Dictionary<string, object?> Data(IReadOnlyDictionary<string, object?>? document) =>
        document is null
            ? []
            : document.Where(p => !p.Key.StartsWith('_')).ToDictionary(
                p => p.Key,
                p => p.Value is List<object?> items
                    ? items.OfType<IReadOnlyDictionary<string, object?>>().Select(i => i.Where(f => !f.Key.StartsWith('_') || f.Key == DocumentFields.ItemKey).ToDictionary()).ToList()
                    : p.Value,
                StringComparer.Ordinal);
}
