using System.Text.Json;
using System.Text.Json.Serialization;

namespace Strangler.Gateway.Configuration;

/// <summary>
/// Reads and writes every enum as its word (<see cref="EnumWords{TEnum}"/>), in place of JsonStringEnumConverter, for
/// the JSON the gateway reads back from people and files: the history, the fleet's history, the rollout state. A
/// number, a list such as <c>"legacy, new"</c> or an unknown word is refused with the values accepted; the reader
/// adds the path (<c>$.route.mode</c>) and position to the exception.
/// </summary>
internal sealed class StrictEnumConverter(JsonNamingPolicy policy) : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(StrictEnumConverter<>).MakeGenericType(typeToConvert), policy)!;
}
