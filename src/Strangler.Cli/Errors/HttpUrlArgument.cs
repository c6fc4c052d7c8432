using System.Text.RegularExpressions;

namespace Strangler.Cli.Errors;

/// <summary>
/// Reads an option that names a server by its http(s) URL (<c>--gateway</c>, <c>--worker</c>). One place, so every
/// command refuses the same mistakes with the same words, and a URL typed without its scheme gets the fix spelled out.
/// </summary>
internal static partial class HttpUrlArgument
{
    /// <summary>What an echoed URL shows instead of its <c>user:password</c>.</summary>
    public const string HiddenUserInfo = "***";

    /// <summary>The URL, or null with <paramref name="problem"/> saying, in one line that names the option, what is wrong.</summary>
    /// <remarks>The text is echoed with any <c>user:password@</c> hidden (<see cref="Redact"/>): errors go to terminals and CI logs.</remarks>
    public static Uri? Parse(string option, string text, out string? problem)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            // Neither the admin API nor the worker reads credentials from the URL (they take --token), so they would
            // only be shown: in "Cannot reach the gateway at ..." and every other message that names the server.
            problem = uri.UserInfo.Length > 0
                ? $"{option}: '{Redact(text)}' carries a user name or password, which is never sent; give the URL without it and the token with --token."
                : null;
            return problem is null ? uri : null;
        }

        problem = $"{option}: '{Redact(text)}' is not an absolute http(s) URL{Suggestion(text)}.";
        return null;
    }

    /// <summary>
    /// <paramref name="text"/> with the <c>user:password@</c> before its host replaced by <see cref="HiddenUserInfo"/>,
    /// whether or not it parses as a URL: <c>ops:s3cret@gateway:5100</c>, typed without its scheme, reads as the scheme
    /// <c>ops</c>, and is the very slip that gets echoed.
    /// </summary>
    public static string Redact(string text) => UserInfo().Replace(text, m => m.Groups["scheme"].Value + HiddenUserInfo + "@", 1);

    /// <summary>
    /// <c>" (did you mean http://host:port?)"</c> for a host and port typed without the scheme, the most common slip with
    /// these options (<c>localhost:5100</c> parses as a URL whose scheme is "localhost"); otherwise empty.
    /// </summary>
    public static string Suggestion(string text)
    {
        var trimmed = text.Trim();
        // A leading '-' is an option the parser took for this one's value (`--gateway --token x`), not a host.
        if (trimmed.Length == 0 || trimmed.StartsWith('-') || trimmed.Contains("://", StringComparison.Ordinal) || trimmed.Any(char.IsWhiteSpace))
        {
            return "";
        }

        // Suggested without any user:password@, which would be refused next.
        var bare = UserInfo().Replace(trimmed, m => m.Groups["scheme"].Value, 1);
        return Uri.TryCreate("http://" + bare, UriKind.Absolute, out var guessed) && guessed.Host.Length > 0
            ? $" (did you mean http://{bare}?)"
            : "";
    }

    // The authority's user information: everything up to the last '@' before the path, after an optional scheme.
    [GeneratedRegex(@"^(?<scheme>\s*(?:[A-Za-z][A-Za-z0-9+.\-]*://)?)[^/?#]*@")]
    private static partial Regex UserInfo();
}
