using System.Text.Json;
using System.Text.Json.Serialization;

namespace Strangler.Gateway.Configuration;

/// <summary>
/// Writes a <see cref="UserKeySource"/> with the route file's names (<c>{"source": "header", "name": "X-User-Id"}</c>)
/// wherever a route is serialized (the admin API, the history), so a route copied from the API is a valid route file.
/// Reads that shape and the one written before, which named the source <c>kind</c>: history files and a fleet's
/// log still hold it.
/// </summary>
internal sealed class UserKeySourceJsonConverter : JsonConverter<UserKeySource>
{
    private const string LegacySourceName = "kind";

    public override UserKeySource Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"userKey must be an object: {{\"source\": \"header|cookie|claim\", \"name\": \"...\"}}, found {Kind(reader.TokenType)}");
        }

        // Strict, as the route-file reader is: a history entry or a fleet's log is rolled back to, so a field this
        // reader does not know, one written twice, or a source that only Enum.TryParse would take ("1", "header, claim"
        // as a kind that does not exist) is an error naming it, never a route served with a guessed user key.
        UserKeyKind? kind = null;
        string? name = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString()!;
            reader.Read();
            var field = property == LegacySourceName ? "source" : property;
            if (!seen.Add(property))
            {
                throw new JsonException($"userKey.{property} is written twice");
            }

            if (field == "source" && kind is not null)
            {
                throw new JsonException($"userKey has both source and {LegacySourceName} (the older name of source): keep one");
            }

            switch (field)
            {
                case "source":
                    var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    kind = UserKeyKinds.Parse(text)
                        ?? throw new JsonException(text is null
                            ? $"userKey.{property} must be a string: {UserKeyKinds.Expected}, found {Kind(reader.TokenType)}"
                            : $"userKey.{property}: unknown source '{Short(text)}' (expected {UserKeyKinds.Expected})");
                    break;
                case "name":
                    name = reader.TokenType == JsonTokenType.String && !string.IsNullOrWhiteSpace(reader.GetString())
                        ? reader.GetString()
                        : throw new JsonException($"userKey.name must be the header, cookie or claim name, found {Kind(reader.TokenType)}");
                    break;
                default:
                    throw new JsonException($"userKey.{property}: unknown field (known: source, name)");
            }
        }

        return kind is { } k && name is not null
            ? new UserKeySource { Kind = k, Name = name }
            : throw new JsonException($"userKey needs {(kind is null ? "a source (header, cookie or claim)" : "")}{(kind is null && name is null ? " and " : "")}{(name is null ? "a name" : "")}");
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string Kind(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a blank string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        _ => token.ToString(),
    };

    public override void Write(Utf8JsonWriter writer, UserKeySource value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("source", value.Kind.ToString().ToLowerInvariant());
        writer.WriteString("name", value.Name);
        writer.WriteEndObject();
    }
}
