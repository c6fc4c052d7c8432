using System.Text.Json;

namespace Strangler.Sync.Debezium;

/// <summary>
/// Decodes the output of Debezium's ExtractNewRecordState transform: the row's columns at top level plus optional
/// <c>__</c>-prefixed metadata (<c>__op</c>, <c>__deleted</c>, <c>__table</c>, <c>__lsn</c>, <c>__txId</c>, <c>__commit_lsn</c>, <c>__source_ts_ms</c> …).
/// </summary>
internal static class FlattenedDecoder
{
    private const string Prefix = "__";

    public static ChangeEvent Decode(
        string topic, Dictionary<string, object?> key, JsonElement body, FieldSchema? schema, string path, int partition, long offset, bool keyRequired)
    {
        var row = ValueConverter.Row(body, schema, path);
        foreach (var name in row.Keys.Where(k => k.StartsWith(Prefix, StringComparison.Ordinal)).ToList())
        {
            row.Remove(name);
        }

        var deleted = SourceBlock.String(body, "__deleted", path) switch
        {
            null or "false" => false,
            "true" => true,
            var other => throw new DebeziumFormatException(path + ".__deleted", $"expected \"true\" or \"false\" but found \"{other}\""),
        };
        var opCode = SourceBlock.String(body, "__op", path);
        var op = opCode is null
            ? deleted ? ChangeOperation.Delete : ChangeOperation.Update
            : EnvelopeDecoder.Op(opCode, path + ".__op");
        if (deleted && op != ChangeOperation.Delete)
        {
            throw new DebeziumFormatException(path + ".__deleted", $"is \"true\" but __op is \"{opCode}\"");
        }

        if (keyRequired && key.Count == 0 && op != ChangeOperation.Truncate)
        {
            throw new DebeziumFormatException("key $", "is missing; a flattened change needs the row key");
        }

        // A MySQL row flattened with add.fields=db,table names its database as the namespace, as the envelope does.
        var schemaName = SourceBlock.String(body, "__schema", path)
            ?? (body.TryGetProperty("__file", out _) ? SourceBlock.String(body, "__db", path) : null);
        var tableName = SourceBlock.String(body, "__table", path);
        var timestampMs = SourceBlock.Long(body, "__source_ts_ms", path) ?? SourceBlock.Long(body, "__ts_ms", path);
        return new ChangeEvent
        {
            Table = tableName is null ? DebeziumDecoder.TableFromTopic(topic) : schemaName is null ? tableName : $"{schemaName}.{tableName}",
            Op = op,
            Key = key,
            Before = op == ChangeOperation.Delete ? row : null,
            After = op == ChangeOperation.Delete ? null : row,
            Position = LogPosition.Read(null, body, path, Prefix) ?? SourcePosition.Kafka(partition, offset),
            Timestamp = timestampMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            Snapshot = op == ChangeOperation.Read || SourceBlock.String(body, "__snapshot", path) is "true" or "first" or "last",
            TransactionId = SourceBlock.TransactionId(body, path, Prefix, Prefix + "source_"),
        };
    }
}
