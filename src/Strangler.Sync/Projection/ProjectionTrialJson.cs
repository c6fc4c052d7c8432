using System.Text.Json.Nodes;
using Strangler.Sync.Debezium;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Projection;

/// <summary>
/// The writes a projection makes for one change, as <c>strangler cdc decode --projection</c> prints them: each write
/// the store would be given, with the document's (or item's) fields as the projection mapped them.
/// </summary>
internal static class ProjectionTrialJson
{
    public static string Format(ProjectionOptions projection, ChangeEvent change, bool echo, IReadOnlyList<DocumentWrite> writes)
    {
        var json = new JsonObject
        {
            ["projection"] = projection.Name,
            ["collection"] = projection.Collection,
            ["table"] = change.Table,
            ["op"] = ChangeEventJson.Op(change.Op),
            ["writes"] = new JsonArray([.. writes.Select(Write)]),
        };
        if (writes.Count == 0)
        {
            // An empty list alone read as a mapping that dropped the change.
            json["note"] = echo
                ? "the backfill's own change (an echo, marked by the SQLite capture): skipped"
                : "a tombstone: nothing to write (the delete before it did the work)";
        }

        return ChangeEventJson.Text(json, indented: true);
    }

    private static JsonObject Write(DocumentWrite write)
    {
        var json = write switch
        {
            UpsertDocument u => new JsonObject { ["write"] = "upsert", ["id"] = Id(u.Id), ["document"] = ChangeEventJson.Row(u.Fields) },
            DeleteDocument d => new JsonObject { ["write"] = "delete", ["id"] = Id(d.Id) },
            ConfirmDelete c => new JsonObject { ["write"] = "confirm-delete", ["id"] = Id(c.Id) },
            UpsertItem u => Item("upsert-item", u.Id, u.Array, u.ItemKey, ChangeEventJson.Row(u.Fields)),
            DeleteItem d => Item("delete-item", d.Id, d.Array, d.ItemKey, null),
            ConfirmItemDelete c => Item("confirm-item-delete", c.Id, c.Array, c.ItemKey, null),
            ClearDocuments => new JsonObject { ["write"] = "clear" },
            ClearItems c => new JsonObject { ["write"] = "clear-items", ["array"] = c.Array },
            _ => throw new InvalidOperationException($"unknown write {write.GetType().Name}"),
        };
        json["position"] = write.Position.Value;
        return json;
    }

    private static JsonObject Item(string kind, object id, string array, object itemKey, JsonObject? fields)
    {
        var json = new JsonObject { ["write"] = kind, ["id"] = Id(id), ["array"] = array, ["itemKey"] = Id(itemKey) };
        if (fields is not null)
        {
            json["item"] = fields;
        }

        return json;
    }

    private static JsonNode? Id(object id) => ChangeEventJson.Value(id);
}
