using System.Buffers;
using System.Globalization;
using System.Text;

namespace Strangler.Text;

/// <summary>
/// Text from outside written where a person reads it in a terminal: a change's actor and reason as the CLI prints them
/// (the gateway refuses control characters in them now, but a history written before, or by hand, may still hold
/// some), and a client's request path in the gateway's access log. A line break there forges a line, and an ANSI escape
/// rewrites the screen of whoever tails the log; they are shown escaped (<c>\n</c>, <c>\u001B</c>), not obeyed.
/// </summary>
internal static class TerminalText
{
    // C0, DEL and C1 controls (char.IsControl), the line and paragraph separators, and the bidirectional embeddings,
    // overrides and isolates. A vectorized search: the gateway runs every request's path through here.
    private static readonly SearchValues<char> Escaped = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x10000).Select(c => (char)c).Where(NeedsEscape)));

    public static string Escape(string text)
    {
        if (!text.AsSpan().ContainsAny(Escaped))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when NeedsEscape(c) => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
