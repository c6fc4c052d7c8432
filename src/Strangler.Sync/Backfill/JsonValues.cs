using System.Text.Json;

namespace Strangler.Sync.Backfill;

/// <summary>JSON values as the plain CLR values the dialects bind.</summary>
internal static class JsonValues
{
    public static object? ToObject(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number when value.TryGetInt64(out var l) => l,
        JsonValueKind.Number when value.TryGetDecimal(out var d) => d,
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        // Nested objects and arrays land as JSON text (e.g. in a json/nvarchar column).
        _ => value.GetRawText(),
    };
}
