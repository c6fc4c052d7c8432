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
            throw new JsonException("userKey must be an object: {\"source\": \"header|cookie|claim\", \"name\": \"...\"}");
        }

        UserKeyKind? kind = null;
        string? name = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property)
            {
                case "source" or LegacySourceName:
                    kind = reader.TokenType == JsonTokenType.String
                        && Enum.TryParse<UserKeyKind>(reader.GetString(), ignoreCase: true, out var parsed)
                        && !int.TryParse(reader.GetString(), out _)
                            ? parsed
                            : throw new JsonException("userKey.source must be header, cookie or claim");
                    break;
                case "name":
                    name = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw new JsonException("userKey.name must be a string");
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return kind is { } k && !string.IsNullOrWhiteSpace(name)
            ? new UserKeySource { Kind = k, Name = name }
            : throw new JsonException("userKey needs a source (header, cookie or claim) and a name");
    }

    public override void Write(Utf8JsonWriter writer, UserKeySource value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("source", value.Kind.ToString().ToLowerInvariant());
        writer.WriteString("name", value.Name);
        writer.WriteEndObject();
    }
}
