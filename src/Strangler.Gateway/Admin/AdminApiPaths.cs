using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Strangler.Gateway.Admin;

/// <summary>
/// The answer to a request under <c>/_strangler/api</c> that no endpoint takes: 405 naming the methods a known path
/// takes (with <c>Allow</c>), else 404 naming the path and listing those there are. Read from the endpoints mapped, so a
/// new one is listed without a second list to keep. It was an empty 404, which read as "the admin API is off".
/// </summary>
internal static class AdminApiPaths
{
    public static IResult Unknown(HttpContext http, EndpointDataSource endpoints)
    {
        var known = endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith(AdminApi.Prefix + "/", StringComparison.Ordinal) && !raw.Contains("**", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, Path: e.RoutePattern.RawText!)))
            .Distinct()
            .OrderBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)
            .ToList();
        var path = http.Request.Path.Value ?? "";
        var allowed = known.Where(e => Matches(e.Path, path)).Select(e => e.Method).ToList();
        if (allowed.Count > 0)
        {
            http.Response.Headers.Allow = string.Join(", ", allowed);
            return AdminProblem.Of(StatusCodes.Status405MethodNotAllowed, "Method not allowed", "method",
                $"{path} takes {string.Join(" or ", allowed)}, not {http.Request.Method}");
        }

        // The path is shown as sent, less anything a terminal would obey: it is the client's text.
        return AdminProblem.Of(StatusCodes.Status404NotFound, "Not found", "path",
            $"no admin API endpoint at {Strangler.Text.TerminalText.Escape(path)}; there are: "
            + string.Join(", ", known.Select(e => $"{e.Method} {e.Path}")));
    }

    // Segment by segment; a {parameter} takes any one segment. Enough for the admin API's plain templates.
    private static bool Matches(string template, string path)
    {
        var expected = template.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var actual = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return expected.Length == actual.Length && expected.Zip(actual).All(p =>
            p.First.StartsWith('{') || string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase));
    }
}
