using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Strangler.Gateway.Configuration;

/// <summary>
/// Describes a syntax error in a route file with one numbering, 1-based line and column as editors show them
/// (<see cref="JsonException"/> counts both from 0, bytes not characters, and repeats them in its message), and
/// names a comment as such rather than as a stray '/'.
/// </summary>
internal static partial class RouteJsonSyntax
{
    public static string Describe(ReadOnlySpan<byte> utf8Json, JsonException ex)
    {
        if (FindComment(utf8Json) is { } comment)
        {
            var (line, column) = Position(utf8Json, comment);
            return $"comments are not allowed in route files (a flip rewrites the file and would drop them): remove the one at line {line}, column {column}";
        }

        var (errorLine, errorColumn, reason) = Locate(utf8Json, ex);
        return $"invalid JSON at line {errorLine}, column {errorColumn}: {reason}";
    }

    /// <summary>
    /// Where a reader's error is, in the same numbering as <see cref="Describe"/>, and its message without the
    /// reader's own 0-based position, for other JSON the gateway reads back (the fleet's stored route state).
    /// </summary>
    public static (int Line, int Column, string Reason) Locate(ReadOnlySpan<byte> utf8Json, JsonException ex)
    {
        var (line, column) = Position(utf8Json, Offset(utf8Json, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0));
        return (line, column, ReaderPosition().Replace(ex.Message, ""));
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

    // The byte offset of a (0-based line, byte in line) position; the reader counts lines by '\n'.
    private static int Offset(ReadOnlySpan<byte> utf8Json, long line, long byteInLine)
    {
        var start = 0;
        for (var i = 0; i < line && start < utf8Json.Length; i++)
        {
            var next = utf8Json[start..].IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }

            start += next + 1;
        }

        return (int)Math.Min(utf8Json.Length, start + byteInLine);
    }

    private static (int Line, int Column) Position(ReadOnlySpan<byte> utf8Json, int offset)
    {
        var before = utf8Json[..Math.Min(offset, utf8Json.Length)];
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        var line = before.Count((byte)'\n') + 1;
        // Characters, not bytes: an 'é' earlier on the line is one column.
        var column = Encoding.UTF8.GetCharCount(before[lineStart..]) + 1;
        return (line, column);
    }

    // System.Text.Json appends its own 0-based position (and a path) to the message.
    [GeneratedRegex(@"\s*(Path: [^|]*\| )?LineNumber: \d+ \| BytePositionInLine: \d+\.?\s*$")]
    private static partial Regex ReaderPosition();
}
