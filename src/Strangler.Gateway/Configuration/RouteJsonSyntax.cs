using System.Text.Json;
using Strangler.Json;

namespace Strangler.Gateway.Configuration;

/// <summary>
/// Describes a syntax error in a route file with one numbering, 1-based line and column as editors show them
/// (<see cref="JsonErrorPosition"/>), and names a comment as such rather than as a stray '/'.
/// </summary>
internal static class RouteJsonSyntax
{
    public static string Describe(ReadOnlySpan<byte> utf8Json, JsonException ex)
    {
        if (FindComment(utf8Json) is { } comment)
        {
            var (line, column) = JsonErrorPosition.Position(utf8Json, comment);
            return $"comments are not allowed in route files (a flip rewrites the file and would drop them): remove the one at line {line}, column {column}";
        }

        return "invalid JSON " + JsonErrorPosition.Describe(utf8Json, ex);
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
}
