namespace Strangler.Gateway.Routing;

/// <summary>
/// Paths the proxy must not forward as they are: the gateway's own namespace reached through a doubled slash, and
/// paths an upstream may read as another path than the one the gateway routed on. Works on the path after Kestrel's
/// decoding and dot-segment removal, so <c>%5C</c> arrives here as <c>\</c> and <c>%2e%2e;</c> as <c>..;</c>.
/// </summary>
internal static class RequestPathGuard
{
    private static readonly string Namespace = StranglerWire.Root.TrimStart('/');

    /// <summary>
    /// Whether the path, after any run of leading slashes, is in the gateway's namespace (<c>//_strangler/api</c>) or
    /// under the dashboard's path base when that is elsewhere (<paramref name="dashboardPathBase"/>, e.g. <c>/ops</c>).
    /// Endpoint routing does not merge slashes, so such a path reached the proxy, which does (as nginx's
    /// <c>merge_slashes</c>), found no route and sent it, <c>Authorization</c> header and all, to the default upstream.
    /// Under a moved dashboard it was worse: the browser sends the session cookie to every path under the base, so
    /// <c>/ops/ui/anything</c> the dashboard does not serve, and <c>//ops/session</c> with the admin token in its body,
    /// reached the monolith with them.
    /// </summary>
    public static bool IsGatewayNamespace(string path, string? dashboardPathBase = null)
    {
        var rest = path.AsSpan().TrimStart('/');
        var slash = rest.IndexOf('/');
        var first = slash < 0 ? rest : rest[..slash];
        if (first.Equals(Namespace, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // Case-insensitive like endpoint routing: a path the dashboard would serve in any case is never forwarded.
        var @base = dashboardPathBase.AsSpan().TrimStart('/');
        return !@base.IsEmpty && rest.StartsWith(@base, StringComparison.OrdinalIgnoreCase)
            && (rest.Length == @base.Length || rest[@base.Length] == '/');
    }

    /// <summary>What makes <paramref name="path"/> ambiguous to an upstream, or null when nothing does.</summary>
    public static string? Ambiguity(string path)
    {
        if (path.Contains('\\'))
        {
            return "a backslash ('\\' or %5C), which IIS and other Windows servers read as '/'";
        }

        // Every request passes here: a path without ';' (nearly all) costs one vectorized search and allocates nothing.
        var span = path.AsSpan();
        if (!span.Contains(';'))
        {
            return null;
        }

        foreach (var range in span.Split('/'))
        {
            var segment = span[range];
            var semicolon = segment.IndexOf(';');
            if (semicolon >= 0 && segment[..semicolon] is "." or "..")
            {
                return $"the dot segment '{segment}', which Tomcat and other Java servers read as '{segment[..semicolon]}'";
            }
        }

        return null;
    }

    /// <summary>
    /// The path as Tomcat, Jetty and other Java servers read it, each segment's <c>;</c> parameters left out
    /// (<c>/orders;x/1</c> is <c>/orders/1</c> there); null when it has none. Routes and the gateway's namespace are
    /// matched on it, and the path is still forwarded as sent. Matched as sent, <c>orders;x</c> was not <c>orders</c>:
    /// such a path went unclaimed to the monolith, which served the legacy side of a sub-domain already on new.
    /// </summary>
    public static string? WithoutParameters(string path)
    {
        if (!path.Contains(';'))
        {
            return null;
        }

        var stripped = new System.Text.StringBuilder(path.Length);
        var span = path.AsSpan();
        var first = true;
        foreach (var range in span.Split('/'))
        {
            var segment = span[range];
            var semicolon = segment.IndexOf(';');
            if (!first)
            {
                stripped.Append('/');
            }

            stripped.Append(semicolon < 0 ? segment : segment[..semicolon]);
            first = false;
        }

        return stripped.ToString();
    }
}
