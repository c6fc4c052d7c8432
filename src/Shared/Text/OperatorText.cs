namespace Strangler.Text;

/// <summary>
/// The check on free text an operator supplies (a change's actor and reason, whichever way it comes in): it is written
/// as it is to the log, the history, the dashboard and webhooks, so a line break in it could forge a log line or a
/// history entry, and an ANSI escape (ESC [) could rewrite what the terminal of whoever reads the log or
/// <c>strangler routes history</c> shows. Refused rather than rewritten: an edited reason is no longer the operator's.
/// The gateway checks what reaches it by any way in; the CLI checks its <c>--reason</c> and <c>--actor</c> with the
/// same rule first, so a script learns of the mistake (exit 2) before anything is sent.
/// </summary>
internal static class OperatorText
{
    /// <summary>Null when <paramref name="text"/> may be stored; else what is wrong, naming the character by code point only.</summary>
    public static string? Problem(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (Describe(text[i]) is { } what)
            {
                return $"contains {what} (U+{(int)text[i]:X4}) at character {i + 1}: write it on one line, without control " +
                    "characters; it is stored and shown as it is, in the log, the history and the dashboard";
            }
        }

        return null;
    }

    // C0, DEL and C1 controls (line breaks, tab, ESC), the Unicode line and paragraph separators (line breaks to many
    // viewers), and the bidirectional embeddings, overrides and isolates, which make text read in another order.
    private static string? Describe(char c) => c switch
    {
        '\n' => "a line feed",
        '\r' => "a carriage return",
        '\t' => "a tab",
        '\u001B' => "an escape character",
        '\u2028' => "a line separator",
        '\u2029' => "a paragraph separator",
        >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' => "a bidirectional control character",
        _ when char.IsControl(c) => "a control character",
        _ => null,
    };
}
