using System.Text.Json;

namespace Strangler.Sync.Debezium;

/// <summary>
/// Recognises the messages Debezium writes beside its change events (transaction boundaries, schema changes,
/// heartbeats) so that a pipeline pointed at their topics by mistake dead-letters each with a reason that says what it
/// is, instead of reading it as a flattened row: a BEGIN would otherwise become an update of a table named after the
/// topic, with columns status and id.
/// </summary>
internal static class ControlEvent
{
    private const string HeartbeatSchema = "io.debezium.connector.common.Heartbeat";
    private static readonly HashSet<string> TransactionFields = ["status", "id", "event_count", "data_collections", "ts_ms"];

    /// <summary>Throws when <paramref name="body"/> (a value without <c>op</c>) is one of them.</summary>
    public static void Reject(string topic, IReadOnlyDictionary<string, object?> key, JsonElement body, FieldSchema? schema, string path)
    {
        var names = body.EnumerateObject().Select(p => p.Name).ToList();
        var status = SourceBlock.String(body, "status", path);
        if (status is "BEGIN" or "END" && body.TryGetProperty("id", out _) && names.All(TransactionFields.Contains))
        {
            throw new DebeziumFormatException(path + ".status",
                $"is \"{status}\": a transaction metadata event (provide.transaction.metadata), not a row change; {Advice(topic)}");
        }

        if (body.TryGetProperty("ddl", out _) && (body.TryGetProperty("tableChanges", out _) || body.TryGetProperty("databaseName", out _)))
        {
            throw new DebeziumFormatException(path + ".ddl", $"a schema change event (include.schema.changes), not a row change; {Advice(topic)}");
        }

        var heartbeat = schema?.Name == HeartbeatSchema
            || topic.StartsWith("__debezium-heartbeat", StringComparison.Ordinal)
            || (names is ["ts_ms"] && key.Count == 1 && key.ContainsKey("serverName"));
        if (heartbeat)
        {
            throw new DebeziumFormatException(path, $"a heartbeat (heartbeat.interval.ms), not a row change; {Advice(topic)}");
        }
    }

    private static string Advice(string topic) => $"topic '{topic}' carries no rows: leave it out of the pipeline's topics";
}
