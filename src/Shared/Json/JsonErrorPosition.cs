using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Strangler.Json;

/// <summary>
/// Where a <see cref="JsonException"/> is, numbered as editors and the route files' errors number it: line and column
/// from 1, the column in characters. The exception counts both from 0, the column in bytes, and appends them to its
/// message, so every message a person reads about bad JSON is built here instead. This file is compiled into each
/// assembly that reads such JSON (the gateway, the sync worker, the CLI), which share no library.
/// </summary>
internal static partial class JsonErrorPosition
{
    /// <summary>
    /// "at line 3, column 14 ($.status): reason", the path only when the reader was inside a value; just the reason for
    /// an exception that carries no position (one a caller threw about a value it had read).
    /// </summary>
    public static string Describe(ReadOnlySpan<byte> utf8Json, JsonException ex)
    {
        if (ex.LineNumber is null)
        {
            return ex.Message;
        }

        var (line, column, reason) = Locate(utf8Json, ex);
        return At(line, column, ex, reason);
    }

    /// <inheritdoc cref="Describe(ReadOnlySpan{byte}, JsonException)"/>
    public static string Describe(string json, JsonException ex) => Describe(Encoding.UTF8.GetBytes(json), ex);

    /// <summary>
    /// As <see cref="Describe(ReadOnlySpan{byte}, JsonException)"/>, for JSON that carries row values (a Kafka message,
    /// whose reason is a dead letter's header and a log line). For a bare word where a value belongs the reader quotes
    /// everything from that word to the end of the input ("'hunter2, "name":"Ada"}' is an invalid JSON literal"), so
    /// that quote becomes "a bare word". A single quoted character, what most syntax errors quote, is kept.
    /// </summary>
    public static string DescribeWithoutValues(ReadOnlySpan<byte> utf8Json, JsonException ex)
    {
        if (ex.LineNumber is null)
        {
            return Describe(utf8Json, ex);
        }

        var (line, column, reason) = Locate(utf8Json, ex);
        return At(line, column, ex, QuotedLiteral().Replace(reason, "a bare word is an invalid JSON literal"));
    }

    /// <summary>The error's line and column from 1, and its message without the reader's own 0-based position.</summary>
    public static (int Line, int Column, string Reason) Locate(ReadOnlySpan<byte> utf8Json, JsonException ex)
    {
        var (line, column) = Position(utf8Json, Offset(utf8Json, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0));
        return (line, column, ReaderPosition().Replace(ex.Message, ""));
    }

    /// <summary>The byte offset in <paramref name="utf8Json"/> where the reader stopped.</summary>
    public static int Offset(ReadOnlySpan<byte> utf8Json, JsonException ex) => Offset(utf8Json, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0);

    /// <summary>The line and column from 1 of a byte offset.</summary>
    public static (int Line, int Column) Position(ReadOnlySpan<byte> utf8Json, int offset)
    {
        var before = utf8Json[..Math.Min(offset, utf8Json.Length)];
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        var line = before.Count((byte)'\n') + 1;
        // Characters, not bytes: an 'é' earlier on the line is one column.
        var column = Encoding.UTF8.GetCharCount(before[lineStart..]) + 1;
        return (line, column);
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

    private static string At(int line, int column, JsonException ex, string reason)
    {
        var path = ex.Path is { Length: > 1 } inside ? $" ({inside})" : "";
        return $"at line {line}, column {column}{path}: {reason}";
    }

    // The reader's message for a bare word: the word and all that follows it, quoted.
    [GeneratedRegex(@"^'.*' is an invalid JSON literal", RegexOptions.Singleline)]
    private static partial Regex QuotedLiteral();

    // System.Text.Json appends its own 0-based position (and a path) to the message.
    [GeneratedRegex(@"\s*(Path: [^|]*\| )?LineNumber: \d+ \| BytePositionInLine: \d+\.?\s*$")]
    private static partial Regex ReaderPosition();
}
