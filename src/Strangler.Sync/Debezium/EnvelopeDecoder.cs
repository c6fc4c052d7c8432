using System.Text.Json;

namespace Strangler.Sync.Debezium;

/// <summary>Decodes the full change event form: <c>before</c>, <c>after</c>, <c>source</c>, <c>op</c>, <c>ts_ms</c>.</summary>
internal static class EnvelopeDecoder
{
    public static ChangeEvent Decode(
        string topic, Dictionary<string, object?> key, JsonElement body, FieldSchema? schema, string path, int partition, long offset, bool keyRequired)
    {
        var op = Op(SourceBlock.String(body, "op", path), path + ".op");
        if (!body.TryGetProperty("source", out var source))
        {
            throw new DebeziumFormatException(path + ".source", "is missing; every Debezium change event has a source block");
        }

        var (table, position, timestamp, snapshot, transactionId) = SourceBlock.Read(source, path + ".source");
        var before = Row(body, "before", schema, path);
        var after = Row(body, "after", schema, path);
        var required = op switch
        {
            ChangeOperation.Create or ChangeOperation.Read or ChangeOperation.Update => after is null ? "after" : null,
            ChangeOperation.Delete => before is null ? "before" : null,
            _ => null,
        };
        if (required is not null)
        {
            // PostgreSQL with REPLICA IDENTITY NOTHING logs a delete without its old row (Flink's replica-identity data).
            var hint = op == ChangeOperation.Delete ? " (a PostgreSQL table needs REPLICA IDENTITY DEFAULT with a primary key, or FULL)" : string.Empty;
            throw new DebeziumFormatException($"{path}.{required}", $"must be a row for op '{Code(op)}'{hint}");
        }

        if (keyRequired && op != ChangeOperation.Truncate && key.Count == 0)
        {
            throw new DebeziumFormatException("key $", $"is missing; a change of op '{Code(op)}' needs the row key (a table without primary key needs message.key.columns)");
        }

        return new ChangeEvent
        {
            Table = table ?? DebeziumDecoder.TableFromTopic(topic),
            Op = op,
            Key = key,
            Before = before,
            After = after,
            Position = position ?? SourcePosition.Kafka(partition, offset),
            Timestamp = timestamp,
            Snapshot = snapshot || op == ChangeOperation.Read,
            TransactionId = transactionId,
            Origin = SourceBlock.Origin(source, path + ".source"),
        };
    }

    internal static ChangeOperation Op(string? code, string path) => code switch
    {
        "c" => ChangeOperation.Create,
        "u" => ChangeOperation.Update,
        "d" => ChangeOperation.Delete,
        "r" => ChangeOperation.Read,
        "t" => ChangeOperation.Truncate,
        null => throw new DebeziumFormatException(path, "is missing"),
        _ => throw new DebeziumFormatException(path, $"expected one of c, u, d, r, t but found \"{code}\""),
    };

    internal static string Code(ChangeOperation op) => op switch
    {
        ChangeOperation.Create => "c",
        ChangeOperation.Update => "u",
        ChangeOperation.Delete => "d",
        ChangeOperation.Read => "r",
        ChangeOperation.Truncate => "t",
        _ => "tombstone",
    };

    private static Dictionary<string, object?>? Row(JsonElement body, string name, FieldSchema? schema, string path)
    {
        if (!body.TryGetProperty(name, out var row) || row.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var rowSchema = schema?.FieldNamed(name);
        if (schema is not null && rowSchema is null)
        {
            throw new DebeziumFormatException($"{path}.{name}", "is not declared in the envelope schema");
        }

        return ValueConverter.Row(row, rowSchema, $"{path}.{name}");
    }
}
