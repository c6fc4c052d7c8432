using Confluent.Kafka;

namespace Strangler.Sync.Debezium;

/// <summary>
/// The dead-letter reason for a message whose key could not be decoded. "key $.payload.id: expected an integer but
/// found a string" was read as a bad column value: nothing said that the value is the message key (the subject of the
/// change: which row changed, as the connector keys it), that the field is the row's key column, or which message.
/// </summary>
internal static class KeyFormatReason
{
    /// <summary>The reason for <paramref name="error"/> found decoding <paramref name="message"/>; other parts keep their message.</summary>
    public static string For(DebeziumFormatException error, ConsumeResult<byte[]?, byte[]?> message)
    {
        if (!error.Path.StartsWith("key ", StringComparison.Ordinal))
        {
            return error.Message;
        }

        // "key $.payload.id" names the key column id; "key $" or "key $.payload" the key as a whole.
        var field = error.Path.LastIndexOf('.') is var dot and > 0 && error.Path[(dot + 1)..] is var name && name != "payload"
            ? $" field '{name}' (the key column {name} of the changed row)"
            : " (which names the changed row)";
        return $"the message key{field}, in {message.Topic}[{message.Partition.Value}]@{message.Offset.Value}: {error.Problem} ({error.Path})";
    }
}
