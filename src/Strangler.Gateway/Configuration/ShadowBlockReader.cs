using System.Globalization;
using System.Text.Json;

namespace Strangler.Gateway.Configuration;

/// <summary>
/// Reads a route file's <c>shadow</c> block field by field, like <see cref="RouteFileReader"/> does the rest, so that
/// every shape problem is reported with its field (<c>shadow.timeout</c>); ranges are checked by
/// <see cref="ShadowValidator"/>.
/// </summary>
internal static class ShadowBlockReader
{
    private static readonly string[] KnownFields =
    [
        "percentage", "methods", "maxBodyBytes", "timeout", "maxConcurrency", "queueLength", "ignore", "compareHeaders",
        "ignoreHeaders", "arraysAsSets", "noisePercentage", "redactHeaders", "redactFields",
    ];

    public static ShadowSettings? Read(string file, JsonElement root, List<RouteValidationError> errors)
    {
        if (!root.TryGetProperty("shadow", out var block) || block.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (block.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(file, "shadow", $"must be an object, e.g. {{\"percentage\": 100}}, found {JsonValues.Quote(block)}"));
            return null;
        }

        UnknownFields.Check(file, block, "shadow", KnownFields, errors);

        var defaults = new ShadowSettings();
        return new ShadowSettings
        {
            Percentage = (int)(Integer(file, block, "percentage", errors) ?? defaults.Percentage),
            Methods = Strings(file, block, "methods", errors) ?? defaults.Methods,
            MaxBodyBytes = Integer(file, block, "maxBodyBytes", errors) ?? defaults.MaxBodyBytes,
            Timeout = Duration(file, block, "timeout", errors) ?? defaults.Timeout,
            MaxConcurrency = (int)(Integer(file, block, "maxConcurrency", errors) ?? defaults.MaxConcurrency),
            QueueLength = (int)(Integer(file, block, "queueLength", errors) ?? defaults.QueueLength),
            Ignore = Strings(file, block, "ignore", errors) ?? defaults.Ignore,
            CompareHeaders = Strings(file, block, "compareHeaders", errors) ?? defaults.CompareHeaders,
            IgnoreHeaders = Strings(file, block, "ignoreHeaders", errors) ?? defaults.IgnoreHeaders,
            ArraysAsSets = Strings(file, block, "arraysAsSets", errors) ?? defaults.ArraysAsSets,
            NoisePercentage = (int)(Integer(file, block, "noisePercentage", errors) ?? defaults.NoisePercentage),
            RedactHeaders = Strings(file, block, "redactHeaders", errors) ?? defaults.RedactHeaders,
            RedactFields = Strings(file, block, "redactFields", errors) ?? defaults.RedactFields,
        };
    }

    private static long? Integer(string file, JsonElement block, string field, List<RouteValidationError> errors)
    {
        if (!block.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        // Kept within int range for the int fields: the validator then names the range rather than an overflow.
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number) || number is < int.MinValue or > int.MaxValue && field != "maxBodyBytes")
        {
            errors.Add(new(file, $"shadow.{field}", $"must be a whole number, {JsonValues.FoundForNumber(value)}"));
            return null;
        }

        return number;
    }

    private static TimeSpan? Duration(string file, JsonElement block, string field, List<RouteValidationError> errors)
    {
        if (!block.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String
            || !TimeSpan.TryParseExact(value.GetString(), "c", CultureInfo.InvariantCulture, out var duration))
        {
            errors.Add(new(file, $"shadow.{field}", $"must be a duration \"hh:mm:ss[.fff]\", e.g. \"00:00:05\", found {JsonValues.Quote(value)}"));
            return null;
        }

        return duration;
    }

    private static IReadOnlyList<string>? Strings(string file, JsonElement block, string field, List<RouteValidationError> errors)
    {
        if (!block.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new(file, $"shadow.{field}", $"must be an array of strings, found {JsonValues.Quote(value)}"));
            return null;
        }

        var items = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                errors.Add(new(file, $"shadow.{field}[{index}]", $"must be a string, found {JsonValues.Quote(item)}"));
                // A placeholder keeps the indexes after it those of the file; the validator's error about it is dropped.
                items.Add("");
            }
            else
            {
                items.Add(item.GetString()!);
            }

            index++;
        }

        return items;
    }
}
