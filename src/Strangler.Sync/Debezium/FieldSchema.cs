using System.Text.Json;

namespace Strangler.Sync.Debezium;

/// <summary>A Kafka Connect schema as written by the JSON converter with <c>schemas.enable=true</c>.</summary>
internal sealed record FieldSchema
{
    // Kafka Connect's JsonConverter writes FLOAT32 and FLOAT64 as "float" and "double" (its other type names are the
    // lower-case enum names); "float32"/"float64" are kept for hand-written schemas that use the enum names.
    private static readonly HashSet<string> KnownTypes =
        ["int8", "int16", "int32", "int64", "float", "double", "float32", "float64", "boolean", "string", "bytes", "struct", "array", "map"];

    public required string Type { get; init; }

    public string? Name { get; init; }

    public string? Field { get; init; }

    public bool Optional { get; init; }

    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<FieldSchema> Fields { get; init; } = [];

    public FieldSchema? Items { get; init; }

    public FieldSchema? FieldNamed(string name) => Fields.FirstOrDefault(f => f.Field == name);

    /// <summary>Parses and checks a schema object; <paramref name="path"/> names it in errors.</summary>
    public static FieldSchema Parse(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new DebeziumFormatException(path, $"expected a schema object but found {Describe(element)}");
        }

        var type = RequiredString(element, "type", path);
        if (!KnownTypes.Contains(type))
        {
            throw new DebeziumFormatException(path + ".type", $"unknown Connect type '{type}'");
        }

        var fields = new List<FieldSchema>();
        if (type == "struct" && element.TryGetProperty("fields", out var fieldsElement))
        {
            if (fieldsElement.ValueKind != JsonValueKind.Array)
            {
                throw new DebeziumFormatException(path + ".fields", $"expected an array but found {Describe(fieldsElement)}");
            }

            var i = 0;
            foreach (var field in fieldsElement.EnumerateArray())
            {
                var fieldPath = $"{path}.fields[{i++}]";
                var parsed = Parse(field, fieldPath);
                if (parsed.Field is null)
                {
                    throw new DebeziumFormatException(fieldPath + ".field", "a struct field has no name");
                }

                fields.Add(parsed);
            }
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty("parameters", out var parametersElement) && parametersElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var parameter in parametersElement.EnumerateObject())
            {
                parameters[parameter.Name] = parameter.Value.ValueKind == JsonValueKind.String
                    ? parameter.Value.GetString()!
                    : parameter.Value.GetRawText();
            }
        }

        return new FieldSchema
        {
            Type = type,
            Name = OptionalString(element, "name", path),
            Field = OptionalString(element, "field", path),
            Optional = element.TryGetProperty("optional", out var optional) && optional.ValueKind == JsonValueKind.True,
            Parameters = parameters,
            Fields = fields,
            Items = type == "array" && element.TryGetProperty("items", out var items) ? Parse(items, path + ".items") : null,
        };
    }

    internal static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{Truncate(element.GetString()!)}\"",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {element.GetRawText()}",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static string RequiredString(JsonElement element, string name, string path) =>
        OptionalString(element, name, path) ?? throw new DebeziumFormatException($"{path}.{name}", "is missing");

    private static string? OptionalString(JsonElement element, string name, string path)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new DebeziumFormatException($"{path}.{name}", $"expected a string but found {Describe(value)}");
    }
}
