using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Strangler.Gateway.Configuration;

/// <summary>
/// Reads back what the gateway wrote itself and acts on later (the route history, the fleet's history rows, the rollout
/// state): strictly, as route files are read. The options the tool writes with (web defaults) also read a number in
/// quotes (<c>"revision": "7"</c>) and a field in any case (<c>"REVISION"</c>), so a hand edit that the tool would never
/// have written restored a route or a rollout all the same. A field in another case is refused naming it; a field no
/// version knows is still ignored, so a replica reads what a newer one wrote during a rolling upgrade. Every version
/// wrote camelCase names and JSON numbers (git history of the writers), so nothing it wrote is refused.
/// </summary>
internal static partial class StoredJson
{
    /// <summary>Makes <paramref name="options"/> read numbers only as JSON numbers and names only in their case.</summary>
    public static JsonSerializerOptions Strict(JsonSerializerOptions options)
    {
        options.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        options.PropertyNameCaseInsensitive = false;
        return options;
    }

    /// <summary>
    /// Deserializes <paramref name="utf8Json"/>, refusing a field written in another case than the gateway writes it
    /// (which the serializer would skip in silence), and saying what a value that does not convert should be.
    /// </summary>
    /// <exception cref="JsonException">The JSON is malformed or does not read as <typeparamref name="T"/>; the message
    /// names the field.</exception>
    public static T? Deserialize<T>(byte[] utf8Json, JsonSerializerOptions options)
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(utf8Json, options);
        }
        catch (JsonException ex)
        {
            // A field in another case is the better answer when there is one: "ACTOR" reads as a missing "actor".
            if (Parses(utf8Json))
            {
                CheckNames<T>(utf8Json, options);
            }

            if (NotConverted().Match(ex.Message) is { Success: true } match)
            {
                // "The JSON value could not be converted to System.Nullable`1[System.Int64]" says neither field nor form.
                throw new JsonException($"{Field(ex.Path)} must be {Expected(match.Groups["type"].Value)}", ex.Path, ex.LineNumber, ex.BytePositionInLine, ex);
            }

            throw;
        }

        CheckNames<T>(utf8Json, options);
        return value;
    }

    /// <summary>As <see cref="Deserialize{T}(byte[], JsonSerializerOptions)"/>, for a line or a row read as text.</summary>
    public static T? Deserialize<T>(string json, JsonSerializerOptions options) =>
        Deserialize<T>(System.Text.Encoding.UTF8.GetBytes(json), options);

    private static void CheckNames<T>(byte[] utf8Json, JsonSerializerOptions options)
    {
        using var document = JsonDocument.Parse(utf8Json);
        CheckNames(document.RootElement, options.GetTypeInfo(typeof(T)), "$", options);
    }

    private static bool Parses(byte[] utf8Json)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Json);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void CheckNames(JsonElement element, JsonTypeInfo info, string path, JsonSerializerOptions options)
    {
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when element.ValueKind == JsonValueKind.Object:
                foreach (var field in element.EnumerateObject())
                {
                    if (info.Properties.FirstOrDefault(p => p.Name == field.Name) is { } exact)
                    {
                        if (exact.CustomConverter is null)
                        {
                            CheckNames(field.Value, options.GetTypeInfo(exact.PropertyType), $"{path}.{field.Name}", options);
                        }
                    }
                    else if (info.Properties.FirstOrDefault(p => string.Equals(p.Name, field.Name, StringComparison.OrdinalIgnoreCase)) is { } other)
                    {
                        throw new JsonException($"{path}.{field.Name}: field names are case-sensitive; write '{other.Name}', as the gateway does", $"{path}.{field.Name}", null, null);
                    }
                }

                break;
            case JsonTypeInfoKind.Enumerable when element.ValueKind == JsonValueKind.Array && info.ElementType is { } item:
                var index = 0;
                foreach (var value in element.EnumerateArray())
                {
                    CheckNames(value, options.GetTypeInfo(item), $"{path}[{index++}]", options);
                }

                break;
            case JsonTypeInfoKind.Dictionary when element.ValueKind == JsonValueKind.Object && info.ElementType is { } entry:
                foreach (var field in element.EnumerateObject())
                {
                    CheckNames(field.Value, options.GetTypeInfo(entry), $"{path}.{field.Name}", options);
                }

                break;
        }
    }

    private static string Field(string? path) => path is { Length: > 2 } ? $"'{path[2..]}'" : "the value";

    private static string Expected(string type)
    {
        var name = NullableOf().Match(type) is { Success: true } inner ? inner.Groups["type"].Value : type;
        return name switch
        {
            "System.Int32" or "System.Int64" or "System.Int16" or "System.Byte" or "System.UInt32" or "System.UInt64" =>
                "a whole number written as a JSON number, not in quotes",
            "System.Double" or "System.Single" or "System.Decimal" => "a number written as a JSON number, not in quotes",
            "System.Boolean" => "true or false, not in quotes",
            "System.String" => "a string",
            "System.DateTimeOffset" or "System.DateTime" => "a date and time as an ISO 8601 string, such as \"2026-01-31T12:00:00+00:00\"",
            _ => $"a {name[(name.LastIndexOf('.') + 1)..]}",
        };
    }

    [GeneratedRegex(@"^The JSON value could not be converted to (?<type>\S+)\.")]
    private static partial Regex NotConverted();

    // long? is named System.Nullable`1[System.Int64] in these messages.
    [GeneratedRegex(@"^System\.Nullable`1\[\[?(?<type>[^,\]]+)")]
    private static partial Regex NullableOf();
}
