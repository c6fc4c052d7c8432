namespace Strangler.Gateway.Configuration;

internal static class UpstreamUrls
{
    /// <summary>An upstream is an absolute http(s) URL without query or fragment (YARP appends the request path).</summary>
    public static bool IsValid(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host)
        && string.IsNullOrEmpty(uri.Query)
        && string.IsNullOrEmpty(uri.Fragment);
}
