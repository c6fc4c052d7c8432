using System.Text.Json;

namespace Strangler.Sync.Debezium;

/// <summary>
/// Rejects a value without <c>op</c> that is no flattened row either. The flattened form of ExtractNewRecordState
/// carries nothing but the row's columns when no metadata is added, so any JSON object would read as one: a
/// <c>{"hello":"world"}</c> produced to a CDC topic by mistake was projected as a row of the topic's table. Two things
/// tell them apart without configuration: a change event that lost its <c>op</c> still has its row blocks, and a
/// flattened row holds every column of its key (Debezium's key is made of the row's own key columns).
/// </summary>
internal static class UnrecognisedValue
{
    private static readonly string[] RowBlocks = ["before", "after"];

    /// <summary>Throws when <paramref name="body"/> (a value without <c>op</c>) has a change event's row blocks.</summary>
    /// <param name="body">The value's payload, an object.</param>
    /// <param name="path">Where the payload is in the value.</param>
    public static void RejectLostOp(JsonElement body, string path)
    {
        var rowBlocks = RowBlocks
            .Where(name => body.TryGetProperty(name, out var block) && block.ValueKind == JsonValueKind.Object)
            .ToList();
        if (rowBlocks.Count > 0)
        {
            throw new DebeziumFormatException(path + ".op",
                $"is missing: the value has {string.Join(" and ", rowBlocks)} as a change event does, but no op (c, u, d, r or t)");
        }
    }

    /// <summary>Throws unless <paramref name="body"/> (a value without <c>op</c>) can be a flattened row of <paramref name="key"/>.</summary>
    /// <param name="body">The value's payload, an object.</param>
    /// <param name="key">The decoded message key.</param>
    /// <param name="keyNamesColumns">False when the key is a bare value whose column name was guessed.</param>
    /// <param name="path">Where the payload is in the value.</param>
    public static void RejectKeyless(JsonElement body, IReadOnlyDictionary<string, object?> key, bool keyNamesColumns, string path)
    {
        var names = body.EnumerateObject().Select(p => p.Name).ToList();
        if (names.Any(n => n.StartsWith("__", StringComparison.Ordinal)) || !keyNamesColumns || key.Count == 0)
        {
            // Metadata fields mark the transform's output; without a key there is nothing to check against (a value
            // tried alone with `strangler cdc decode`; the pipeline rejects a keyless change anyway).
            return;
        }

        var missing = key.Keys.Where(k => !names.Contains(k, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new DebeziumFormatException(path,
                "is not a Debezium change event: it has no op, before, after or source, and as a row flattened by ExtractNewRecordState " +
                $"it would hold its key column{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)}, which it lacks");
        }
    }
}
