using System.Text.Json;
using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Sync.Backfill;

/// <summary>An <see cref="IEventMapping"/> read from configuration: one table, key from subject or a data field.</summary>
internal sealed class DeclaredEventMapping(string eventType, EventMappingOptions options) : IEventMapping
{
    private readonly WriteOperation _operation = Operation(options.Operation);

    public string EventType { get; } = eventType;

    public IReadOnlyList<RowWrite> Map(DomainEvent domainEvent)
    {
        var key = string.IsNullOrEmpty(options.KeyField)
            ? domainEvent.Subject
            : JsonValues.ToObject(Field(domainEvent, options.KeyField)) ??
              throw new EventMappingException($"key field 'data.{options.KeyField}' is null");
        var columns = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (_operation != WriteOperation.Delete)
        {
            foreach (var (column, path) in options.Columns)
            {
                columns[column] = JsonValues.ToObject(Field(domainEvent, path));
            }
        }
        return [new RowWrite { Table = options.Table, KeyColumn = options.KeyColumn, Key = key, Operation = _operation, Columns = columns }];
    }

    /// <summary>The operation a mapping's <c>Operation</c> word names (validated at start: upsert, update or delete).</summary>
    internal static WriteOperation Operation(string word) =>
        word.Equals("delete", StringComparison.OrdinalIgnoreCase) ? WriteOperation.Delete
        : word.Equals("update", StringComparison.OrdinalIgnoreCase) ? WriteOperation.Update
        : WriteOperation.Upsert;

    private JsonElement Field(DomainEvent domainEvent, string path)
    {
        var current = domainEvent.Data;
        var at = "data";
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object)
            {
                throw new EventMappingException(
                    $"{EventType}: data field '{path}' is missing (mapped to table '{options.Table}'): {at} is {Kind(current)}, not an object");
            }

            if (!current.TryGetProperty(part, out var next))
            {
                throw new EventMappingException(
                    $"{EventType}: data field '{path}' is missing (mapped to table '{options.Table}'){MissingFieldHint.Describe(current, part, at)}");
            }

            current = next;
            at += "." + part;
        }
        return current;
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
