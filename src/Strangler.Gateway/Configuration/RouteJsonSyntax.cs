using System.Text.Json;
using Strangler.Json;

namespace Strangler.Gateway.Configuration;

/// <summary>
/// Describes a syntax error in a route file with one numbering, 1-based line and column as editors show them
/// (<see cref="JsonErrorPosition"/>), and names the mistakes people make by hand (a comment, a trailing comma, a second
/// object, a missing closing brace) as such rather than by the parser's account of the character it stopped at.
/// </summary>
internal static class RouteJsonSyntax
{
    public static (string Message, JsonTextPosition Position) Describe(ReadOnlySpan<byte> utf8Json, JsonException ex)
    {
        if (FindComment(utf8Json) is { } comment)
        {
            return ("comments are not allowed in route files (a flip rewrites the file and would drop them): remove it",
                At(utf8Json, comment));
        }

        var offset = JsonErrorPosition.Offset(utf8Json, ex);
        if (TrailingComma(utf8Json, offset) is { } comma)
        {
            return ($"invalid JSON: a trailing comma; JSON allows no ',' after the last {(utf8Json[offset] == (byte)'}' ? "property of an object" : "item of an array")}: remove this one",
                At(utf8Json, comma));
        }

        if (FirstValueEnd(utf8Json) is { } end && offset >= end)
        {
            return ("invalid JSON: more than one JSON value; a route file holds exactly one object (one sub-domain per file), and this text follows it",
                At(utf8Json, offset));
        }

        if (offset >= utf8Json.TrimEnd(" \t\r\n"u8).Length)
        {
            return ("invalid JSON: the file ends before its object is closed; a '}' or ']' is missing (or the file was cut short)", At(utf8Json, offset));
        }

        var (line, column, reason) = JsonErrorPosition.Locate(utf8Json, ex);
        return ($"invalid JSON: {reason}", new JsonTextPosition(line, column));
    }

    private static JsonTextPosition At(ReadOnlySpan<byte> utf8Json, int offset)
    {
        var (line, column) = JsonErrorPosition.Position(utf8Json, offset);
        return new JsonTextPosition(line, column);
    }

    // Where the first comment starts, or null when there is none before the first syntax error.
    private static int? FindComment(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Allow });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.Comment)
                {
                    return (int)reader.TokenStartIndex;
                }
            }
        }
        catch (JsonException)
        {
            // The error comes before any comment: the caller reports it.
        }

        return null;
    }

    // The comma's offset when the parser stopped at a '}' or ']' that follows one (whitespace aside).
    private static int? TrailingComma(ReadOnlySpan<byte> utf8Json, int offset)
    {
        if (offset >= utf8Json.Length || utf8Json[offset] is not ((byte)'}' or (byte)']'))
        {
            return null;
        }

        var before = utf8Json[..offset].TrimEnd(" \t\r\n"u8);
        return before.Length > 0 && before[^1] == (byte)',' ? before.Length - 1 : null;
    }

    // The offset just past the first complete JSON value, or null when there is none.
    private static int? FirstValueEnd(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            return reader.Read() && reader.TrySkip() ? (int)reader.BytesConsumed : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
