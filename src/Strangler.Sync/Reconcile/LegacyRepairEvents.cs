using System.Globalization;
using System.Text.Json;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Backfill;
using Strangler.Sync.Projection;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Reconcile;

/// <summary>
/// The events that make one key's legacy rows what the new store says, from its live document (null: the new side has
/// none) and its legacy rows as read just before the repair: a delete of each child row the document lacks (every
/// child row, when the document is gone), the root row's delete or upsert, and an upsert of each live item. Each is a
/// domain event of the configured type (subject: the row's key; data: the document, or an item with its parent's key),
/// mapped by the backfill's own mapping, as if the service had raised it.
/// </summary>
internal sealed class LegacyRepairEvents(LegacyRepairOptions options, IReadOnlyDictionary<string, IEventMapping> mappings, ProjectionOptions projection)
{
    private static readonly Dictionary<string, object?> NoData = [];

    /// <summary>
    /// The repair of <paramref name="finding"/>; without events when the key must be left as it is, its
    /// <see cref="KeyRepair.Outcome"/> then saying why.
    /// </summary>
    public KeyRepair Plan(int index, Finding finding, IReadOnlyDictionary<string, object?>? document, LegacyEntity legacy, DateTimeOffset now)
    {
        var raised = new List<(RepairStage Stage, string Type, object Subject, object Data)>();
        var notRepaired = new List<string>();
        for (var c = 0; c < projection.Children.Count; c++)
        {
            var child = projection.Children[c];
            var live = StoredItems.Live(document, child.Array);
            var liveKeys = live.Keys.Select(Text).ToHashSet(StringComparer.Ordinal);
            var legacyOnly = legacy.Children[c].Select(r => r.Key).Where(k => !liveKeys.Contains(Text(k))).ToList();
            if (!options.Items.TryGetValue(child.Array, out var item))
            {
                if (document is null && legacyOnly.Count > 0)
                {
                    // The root's delete alone would orphan these rows, or fail on a foreign key: nothing is written.
                    return Refused(index, finding, $"not repaired: deleting the {projection.Root.Table} row would leave its {child.Table} rows "
                        + $"({child.Array}): no {LegacyRepairOptions.SectionName}:Items:{child.Array}");
                }

                if (legacyOnly.Count > 0 || live.Count != legacy.Children[c].Count || finding.Fields.Any(f => f.Field.StartsWith(child.Array + "[", StringComparison.Ordinal)))
                {
                    notRepaired.Add(child.Array);
                }

                continue;
            }

            raised.AddRange(legacyOnly.Select(key => (RepairStage.DeleteItem, item.DeleteEvent, key, (object)NoData)));
            raised.AddRange(live.Select(i => (RepairStage.UpsertItem, item.UpsertEvent, i.Key, (object)ItemData(i.Value, child.ParentKeyColumn, finding.Key))));
        }

        raised.Add(document is null
            ? (RepairStage.DeleteRoot, options.DeleteEvent, finding.Key, NoData)
            : (RepairStage.UpsertRoot, options.UpsertEvent, finding.Key, Data(document)));
        var events = new List<(RepairStage, MappedEvent)>(raised.Count);
        foreach (var (stage, type, subject, data) in raised)
        {
            var (mapped, error) = Map(type, subject, data, now);
            if (error is not null)
            {
                return Refused(index, finding, error);
            }

            if (UpdateOfMissingRoot(stage, type, mapped!, legacy) is { } missing)
            {
                return Refused(index, finding, missing);
            }

            events.Add((stage, mapped!));
        }

        return new KeyRepair(index, events, notRepaired.Count == 0
            ? finding with { Repaired = "legacy" }
            : finding with
            {
                Error = $"the {projection.Root.Table} row was written, its {string.Join(", ", notRepaired)} items were not: "
                    + $"no {LegacyRepairOptions.SectionName}:Items:{notRepaired[0]}",
            });
    }

    // An update mapping never inserts: a root row the legacy side lacks cannot be written through it. Said here, from
    // the rows just read, rather than left to the write to fail. An item's row is not checked so: it may exist under
    // another parent (an item that moved), which the update then finds; a missing one fails the write, and that
    // finding says so ("no row with ... an update mapping does not insert").
    private string? UpdateOfMissingRoot(RepairStage stage, string type, MappedEvent mapped, LegacyEntity legacy) =>
        stage != RepairStage.UpsertRoot || legacy.Root is not null || mapped.Writes.All(w => w.Operation != WriteOperation.Update) ? null
            : $"not repaired: the {projection.Root.Table} row is missing and the backfill mapping of '{type}' is an update, which "
              + $"does not insert: name an event type with an upsert mapping in {LegacyRepairOptions.SectionName}:UpsertEvent";

    private static KeyRepair Refused(int index, Finding finding, string why) => new(index, [], finding with { Error = why });

    private (MappedEvent? Event, string? Error) Map(string type, object subject, object data, DateTimeOffset now)
    {
        if (!mappings.TryGetValue(type, out var mapping))
        {
            return (null, $"no backfill mapping for event type '{type}' ({LegacyRepairOptions.SectionName})");
        }

        var domainEvent = new DomainEvent
        {
            Id = "reconcile:" + Guid.NewGuid().ToString("N"),
            Type = type,
            Source = "strangler-reconcile",
            Subject = Text(subject),
            Time = now,
            Data = JsonSerializer.SerializeToElement(data),
        };
        try
        {
            return (new MappedEvent(domainEvent, mapping.Map(domainEvent)), null);
        }
        catch (EventMappingException ex)
        {
            return (null, "repair mapping failed: " + ex.Message);
        }
    }

    // A legacy row's key and a stored item's key may be of different CLR types (a driver's int, the store's long).
    private static string Text(object key) => Convert.ToString(key, CultureInfo.InvariantCulture)!;

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
