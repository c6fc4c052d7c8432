using System.Text.Json;
using System.Text.Json.Serialization;

namespace Strangler.Gateway.Configuration;

/// <summary>
/// Writes and reads a <see cref="RouteMode"/> in the spelling of route files and the admin API (<c>legacy</c>,
/// <c>canary</c>, <c>new</c>) whatever serializer options a caller uses, so a request type posted by the CLI reads
/// the same as one typed by hand.
/// </summary>
internal sealed class RouteModeJsonConverter : JsonConverter<RouteMode>
{
    public override RouteMode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && RouteModes.TryParse(reader.GetString(), out var mode)
            ? mode
            : throw new JsonException("a mode must be legacy, canary or new");

    public override void Write(Utf8JsonWriter writer, RouteMode value, JsonSerializerOptions options) =>
        writer.WriteStringValue(RouteModes.ToText(value));
}
