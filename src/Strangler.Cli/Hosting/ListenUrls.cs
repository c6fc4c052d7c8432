using Strangler.Cli.Errors;

namespace Strangler.Cli.Hosting;

/// <summary>
/// Checks <c>--urls</c>, where a host listens (semicolon-separated addresses), before anything is built. Kestrel
/// refused <c>ftp://host:5100</c> only while starting, after logging a stack trace, and <c>gateway --urls</c> took any
/// word, "--help" included, as far as building the gateway.
/// </summary>
internal static class ListenUrls
{
    /// <summary>An address to show in a message.</summary>
    public const string Example = "http://127.0.0.1:5100";

    /// <summary>
    /// One line naming the first address in <paramref name="urls"/> that is not an absolute http(s) URL Kestrel can
    /// listen on; null when every one is.
    /// </summary>
    public static string? Problem(string urls)
    {
        var addresses = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (addresses.Length == 0)
        {
            return $"--urls: '{urls}' names no address to listen on (e.g. {Example}).";
        }

        foreach (var address in addresses)
        {
            if (!Listenable(address, out var path))
            {
                var suggestion = HttpUrlArgument.Suggestion(address);
                return $"--urls: '{HttpUrlArgument.Redact(address)}' is not an absolute http(s) URL to listen on" +
                    (suggestion.Length > 0 ? suggestion : $" (e.g. {Example})") + ".";
            }

            if (path.Length > 0)
            {
                // Kestrel refuses it while starting ("A path base can only be configured using UsePathBase()").
                return $"--urls: '{HttpUrlArgument.Redact(address)}' has a path ('{path}'); an address to listen on is a scheme, host and port (e.g. {Example}).";
            }
        }

        return null;
    }

    private static bool Listenable(string address, out string path)
    {
        path = "";
        BindingAddress parsed;
        try
        {
            parsed = BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return false;
        }

        if (!parsed.Scheme.Equals("http", StringComparison.OrdinalIgnoreCase) && !parsed.Scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (parsed.IsUnixPipe || parsed.IsNamedPipe)
        {
            return true;
        }

        path = parsed.PathBase;
        // BindingAddress takes "http://host:abc" and "http://h:99999" too; Uri does not, but neither does it take
        // Kestrel's any-address hosts "*" and "+", so they are checked as 0.0.0.0. A user name would be no host to bind.
        var url = parsed.Host is "*" or "+" ? address.Replace("://" + parsed.Host, "://0.0.0.0", StringComparison.Ordinal) : address;
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length == 0;
    }
}
