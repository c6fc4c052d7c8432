using System.Text.Json;
using Strangler.Json;

namespace Strangler.Sync.Debezium;

/// <summary>
/// Decodes one Debezium message (JSON converter, with or without the schema envelope, full change event or the
/// flattened ExtractNewRecordState form) into a <see cref="ChangeEvent"/>. Strict: anything malformed throws a
/// <see cref="DebeziumFormatException"/> naming the key or value and the JSON path.
/// </summary>
public static class DebeziumDecoder
{
    /// <summary>Decodes a message consumed from <paramref name="topic"/>; partition and offset are the last-resort position.</summary>
    /// <param name="topic">The topic it came from; names the table when the message does not.</param>
    /// <param name="key">The message key (JSON), or null for none.</param>
    /// <param name="value">The message value (JSON), or null for a tombstone.</param>
    /// <param name="partition">The partition it was read from (for the fallback position).</param>
    /// <param name="offset">Its offset in that partition (for the fallback position).</param>
    /// <param name="keyRequired">
    /// True (the pipeline): a change without its row key is rejected. False (a person inspecting a value pasted from a
    /// topic viewer): the change decodes with an empty <see cref="ChangeEvent.Key"/>. A tombstone always needs its key.
    /// </param>
    public static ChangeEvent Decode(string topic, byte[]? key, byte[]? value, int partition = 0, long offset = 0, bool keyRequired = true)
    {
        var (keyColumns, keyNamesColumns) = DecodeKey(key);
        using var valueDocument = Parse(value, "value");
        if (valueDocument is null)
        {
            return Tombstone(topic, keyColumns, partition, offset);
        }

        var (body, schema, path) = Unwrap(valueDocument.RootElement, "value");
        if (body.ValueKind == JsonValueKind.Null)
        {
            return Tombstone(topic, keyColumns, partition, offset);
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new DebeziumFormatException(path, $"expected a change event object but found {FieldSchema.Describe(body)}");
        }

        if (body.TryGetProperty("op", out _))
        {
            return EnvelopeDecoder.Decode(topic, keyColumns, body, schema, path, partition, offset, keyRequired);
        }

        ControlEvent.Reject(topic, keyColumns, body, schema, path);
        UnrecognisedValue.RejectLostOp(body, path);
        // Decoded first, so that a flattened row with a bad column is named by that column.
        var flattened = FlattenedDecoder.Decode(topic, keyColumns, body, schema, path, partition, offset, keyRequired);
        UnrecognisedValue.RejectKeyless(body, keyColumns, keyNamesColumns, path);
        return flattened;
    }

    /// <summary>
    /// Splits <c>{"schema":…,"payload":…}</c> into its parts. <c>{"payload":…}</c> alone is a payload whose schema was
    /// left out (RisingWave's embedded Debezium writes its change events so); other JSON is a payload without schema.
    /// </summary>
    internal static (JsonElement Body, FieldSchema? Schema, string Path) Unwrap(JsonElement root, string part)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("payload", out var payload))
        {
            return (root, null, $"{part} $");
        }

        var properties = root.EnumerateObject().Count();
        if (properties == 2 && root.TryGetProperty("schema", out var schema))
        {
            var parsed = schema.ValueKind == JsonValueKind.Null ? null : FieldSchema.Parse(schema, $"{part} $.schema");
            return (payload, parsed, $"{part} $.payload");
        }

        // A flattened row whose only column is named "payload" would read the same; its value would have to be an
        // object too, which no column type but a struct gives.
        return properties == 1 && payload.ValueKind is JsonValueKind.Object or JsonValueKind.Null
            ? (payload, null, $"{part} $.payload")
            : (root, null, $"{part} $");
    }

    internal static string TableFromTopic(string topic)
    {
        // <prefix>.<schema>.<table>: the last two segments name the table.
        var parts = topic.Split('.');
        return parts.Length >= 2 ? $"{parts[^2]}.{parts[^1]}" : topic;
    }

    /// <summary>The key's columns, and whether their names are the row's own (false for a bare value named by guess).</summary>
    private static (Dictionary<string, object?> Columns, bool NamesColumns) DecodeKey(byte[]? key)
    {
        using var document = Parse(key, "key");
        if (document is null)
        {
            return (new Dictionary<string, object?>(StringComparer.Ordinal), false);
        }

        var (body, schema, path) = Unwrap(document.RootElement, "key");
        if (body.ValueKind == JsonValueKind.Null)
        {
            return (new Dictionary<string, object?>(StringComparer.Ordinal), false);
        }

        if (schema is not null && schema.Type != "struct")
        {
            // A single-column key without struct: name it after the schema field, or "id".
            return (new Dictionary<string, object?>(StringComparer.Ordinal) { [schema.Field ?? "id"] = ValueConverter.Typed(body, schema, path) }, false);
        }

        return (ValueConverter.Row(body, schema, path), body.ValueKind == JsonValueKind.Object);
    }

    private static JsonDocument? Parse(byte[]? bytes, string part)
    {
        if (bytes is null || bytes.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw new DebeziumFormatException($"{part} $", "is not valid JSON " + JsonErrorPosition.DescribeWithoutValues(bytes, ex));
        }
    }

    private static ChangeEvent Tombstone(string topic, Dictionary<string, object?> key, int partition, long offset)
    {
        if (key.Count == 0)
        {
            throw new DebeziumFormatException("key $", "a tombstone (null value) must have a key");
        }

        return new ChangeEvent
        {
            Table = TableFromTopic(topic),
            Op = ChangeOperation.Tombstone,
            Key = key,
            Position = SourcePosition.Kafka(partition, offset),
        };
    }
}
