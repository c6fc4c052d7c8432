namespace Strangler.Gateway.Configuration;

internal static class UpstreamUrls
{
    /// <summary>An upstream is an absolute http(s) URL without credentials, query or fragment (YARP appends the request path).</summary>
    public static bool IsValid(string text) => Problem(text) is null;

    /// <summary>
    /// Why <paramref name="text"/> cannot be an upstream, or null when it can. The reason never quotes the text: a
    /// malformed URL may still hold a password, and these errors reach logs, the admin API and the dashboard.
    /// </summary>
    public static string? Problem(string? text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return "is not an absolute http(s) URL, e.g. \"http://legacy.internal:8080\"";
        }

        // Not even the scheme is shown: "user:password@host" parses with the user name as one.
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return "is not an absolute http(s) URL (its scheme is not http or https), e.g. \"http://legacy.internal:8080\"";
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            return "is not an absolute http(s) URL (it has no host)";
        }

        // The proxy's HttpClient never turns user:password@ into an Authorization header, so such a URL only carries the
        // secret into every place the route is shown (history, dashboard, admin API).
        if (uri.UserInfo.Length > 0)
        {
            return "is not an absolute http(s) URL without credentials (user:password@ is never sent upstream; the URL is shown in the dashboard and history)";
        }

        return string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)
            ? null
            : "is not an absolute http(s) URL without query or fragment (the request's own path and query are appended)";
    }
}
