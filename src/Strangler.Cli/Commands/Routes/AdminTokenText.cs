namespace Strangler.Cli.Commands.Routes;

/// <summary>
/// What a bearer token may contain to travel in an <c>Authorization</c> header: printable ASCII. A token
/// pasted with its line break, or with a tab, fails here with a reason instead of inside the HTTP stack.
/// </summary>
internal static class AdminTokenText
{
    /// <summary>Why <paramref name="token"/> cannot be sent, without quoting any of it; null when it can.</summary>
    public static string? Problem(string token)
    {
        foreach (var c in token)
        {
            switch (c)
            {
                case '\r' or '\n':
                    return "contains a line break (a trailing newline from a file or a here-doc?)";
                case < ' ' or '\u007f':
                    return "contains a control character";
                case > '\u007f':
                    return "contains a non-ASCII character";
            }
        }

        return null;
    }
}
