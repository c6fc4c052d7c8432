using System.Globalization;
using System.Text;

namespace Strangler.Cli.Commands.Routes;

/// <summary>
/// Recorded free text (a change's actor and reason) as printed to a terminal. The gateway refuses control characters
/// in them now, but a history written before (or by hand) may still hold a line break that forges a line, or an ANSI
/// escape that rewrites the screen; they are shown escaped (<c>\n</c>, <c>\u001B</c>), not obeyed.
/// </summary>
internal static class TerminalText
{
    public static string Escape(string text)
    {
        if (!text.Any(NeedsEscape))
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
