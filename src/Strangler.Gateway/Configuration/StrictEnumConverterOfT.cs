using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Strangler.Gateway.Configuration;

/// <summary>One enum's converter of <see cref="StrictEnumConverter"/>.</summary>
/// <typeparam name="TEnum">The enum.</typeparam>
internal class StrictEnumConverter<TEnum>(JsonNamingPolicy policy) : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private const int MaxQuoted = 40;

    private readonly EnumWords<TEnum> _words = new(policy);

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            var found = reader.TokenType switch
            {
                JsonTokenType.Number => "the number " + Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
                JsonTokenType.True or JsonTokenType.False => "a boolean",
                JsonTokenType.Null => "null",
                JsonTokenType.StartArray => "an array",
                JsonTokenType.StartObject => "an object",
                _ => reader.TokenType.ToString(),
            };
            throw new JsonException($"a {_words.Thing} must be one of {_words.Expected} (a string), found {found}");
        }

        var text = reader.GetString();
        return _words.TryParse(text, out var value)
            ? value
            : throw new JsonException($"unknown {_words.Thing} '{Short(text!)}' (expected {_words.Expected})");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
        writer.WriteStringValue(_words.WordOf(value)
            ?? throw new JsonException($"{value} is not a {_words.Thing} ({_words.Expected}) and is not written as a number"));

    private static string Short(string text) => text.Length <= MaxQuoted ? text : text[..MaxQuoted] + "…";
}
