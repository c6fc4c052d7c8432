using System.Globalization;
using System.Text.Json;

namespace Strangler.Gateway.Configuration;

/// <summary>
/// How route-file errors quote the value they found: short, and for a value of the wrong kind that a person plainly
/// meant (a number or a boolean in quotes, "10%"), with the spelling that is accepted.
/// </summary>
internal static class JsonValues
{
    private const int MaxQuoted = 60;

    /// <summary>"found ..." for a field that takes a number.</summary>
    public static string FoundForNumber(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text
            && double.TryParse(text.Trim().TrimEnd('%').Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            var what = text.Contains('%', StringComparison.Ordinal) ? "quotes or %" : "quotes";
            return $"found the string {Quote(value)}; write the number without {what}, e.g. {number.ToString(CultureInfo.InvariantCulture)}";
        }

        return "found " + Quote(value);
    }

    /// <summary>"found ..." for a field that takes true or false.</summary>
    public static string FoundForBoolean(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && value.GetString()?.Trim().ToLowerInvariant() is "true" or "false"
            ? $"found the string {Quote(value)}; write {value.GetString()!.Trim().ToLowerInvariant()} without quotes"
            : "found " + Quote(value);

    /// <summary>The value as written, cut short when long (a pasted payload must not flood the log).</summary>
    public static string Quote(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length <= MaxQuoted ? raw : raw[..MaxQuoted] + "…";
    }

    /// <summary>"an array", "a string", ...: what kind of value was found where another was expected.</summary>
    public static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
