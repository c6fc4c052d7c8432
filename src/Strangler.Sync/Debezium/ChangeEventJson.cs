using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strangler.Sync.Debezium;

/// <summary>A decoded change as readable JSON (what <c>strangler cdc decode</c> prints).</summary>
public static class ChangeEventJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions OneLine = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Formats <paramref name="change"/>: table, op, key, before, after, position, timestamp, snapshot, transaction id (and origin, when set).</summary>
    /// <param name="change">The decoded change.</param>
    /// <param name="keyGiven">False when the change was decoded without its message key: the key prints as null.</param>
    /// <param name="indented">False for one line per change (NDJSON).</param>
    public static string Format(ChangeEvent change, bool keyGiven = true, bool indented = true)
    {
        var json = new JsonObject
        {
            ["table"] = change.Table,
            ["op"] = Op(change.Op),
            ["key"] = keyGiven ? Row(change.Key) : null,
            ["before"] = change.Before is null ? null : Row(change.Before),
            ["after"] = change.After is null ? null : Row(change.After),
            ["position"] = change.Position.Value,
            ["timestamp"] = change.Timestamp?.ToString("O", CultureInfo.InvariantCulture),
            ["snapshot"] = change.Snapshot,
            ["transactionId"] = change.TransactionId,
        };
        if (change.Origin is not null)
        {
            // Only Strangler's SQLite capture sets it: every other change prints as it always did.
            json["origin"] = change.Origin;
        }

        return Text(json, indented);
    }

    /// <summary>JSON text as the command prints it: indented, or one line for NDJSON; non-ASCII text as itself.</summary>
    internal static string Text(JsonNode json, bool indented) => json.ToJsonString(indented ? Indented : OneLine);

    /// <summary>The op as Debezium writes it (<c>c</c>, <c>u</c>, <c>d</c>, <c>r</c>, <c>t</c>), or <c>tombstone</c>.</summary>
    internal static string Op(ChangeOperation op) => op == ChangeOperation.Tombstone ? "tombstone" : EnvelopeDecoder.Code(op);

    // Internal for the projection trial's documents, which hold the same values, converted.
    internal static JsonObject Row(IReadOnlyDictionary<string, object?> row)
    {
        var json = new JsonObject();
        foreach (var (name, value) in row)
        {
            json[name] = Value(value);
        }

        return json;
    }

    internal static JsonNode? Value(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        long l => l,
        double d => d,
        decimal m => m,
        byte[] bytes => Convert.ToBase64String(bytes),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly time => time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.ToString("O", CultureInfo.InvariantCulture),
        IReadOnlyDictionary<string, object?> map => Row(map),
        IEnumerable<object?> list => new JsonArray(list.Select(Value).ToArray()),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
