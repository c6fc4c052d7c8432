namespace Strangler.Cli.Errors;

/// <summary>
/// Reads an option that names a server by its http(s) URL (<c>--gateway</c>, <c>--worker</c>). One place, so every
/// command refuses the same mistakes with the same words, and a URL typed without its scheme gets the fix spelled out.
/// </summary>
internal static class HttpUrlArgument
{
    /// <summary>The URL, or null with <paramref name="problem"/> saying, in one line that names the option, what is wrong.</summary>
    public static Uri? Parse(string option, string text, out string? problem)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            problem = null;
            return uri;
        }

        problem = $"{option}: '{text}' is not an absolute http(s) URL{Suggestion(text)}.";
        return null;
    }

    // "localhost:5100" parses as a URL whose scheme is "localhost", and "gateway.internal" as no URL at all: both are
    // a host and port typed without the scheme, the most common slip with these options.
    private static string Suggestion(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed.Contains("://", StringComparison.Ordinal) || trimmed.Any(char.IsWhiteSpace))
        {
            return "";
        }

        return Uri.TryCreate("http://" + trimmed, UriKind.Absolute, out var guessed) && guessed.Host.Length > 0
            ? $" (did you mean http://{trimmed}?)"
            : "";
    }
}
