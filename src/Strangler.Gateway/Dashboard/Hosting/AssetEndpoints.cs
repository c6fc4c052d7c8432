using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Strangler.Gateway.Dashboard.Hosting;

/// <summary>
/// Serves the page's files from resources embedded in the gateway assembly: nothing to deploy beside the binary and
/// nothing fetched from the internet. Only the listed files are served.
/// </summary>
internal static class AssetEndpoints
{
    private const string ResourcePrefix = "Strangler.Gateway.Dashboard.wwwroot.";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["app.css"] = "text/css; charset=utf-8",
        ["app.js"] = "text/javascript; charset=utf-8",
        ["panels.js"] = "text/javascript; charset=utf-8",
        ["plots.js"] = "text/javascript; charset=utf-8",
        ["steering.js"] = "text/javascript; charset=utf-8",
        ["charts.css"] = "text/css; charset=utf-8",
        ["charts.js"] = "text/javascript; charset=utf-8",
        ["detail.js"] = "text/javascript; charset=utf-8",
        ["rollout-dialog.js"] = "text/javascript; charset=utf-8",
        ["rollout.js"] = "text/javascript; charset=utf-8",
        ["shadow.js"] = "text/javascript; charset=utf-8",
        ["shadow.css"] = "text/css; charset=utf-8",
        ["fleet.js"] = "text/javascript; charset=utf-8",
    };

    /// <summary>Same-origin only: no inline script, no third-party anything, no framing.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static void Map(IEndpointRouteBuilder routes, string pathBase)
    {
        // Routing treats "/x" and "/x/" as one template; the page needs the slash so its relative URLs resolve.
        routes.MapGet(pathBase, (HttpContext http) => http.Request.Path.Value!.EndsWith('/')
            ? Serve(http, "index.html")
            : TypedResults.Redirect(pathBase + "/"));
        routes.MapGet(pathBase + "/assets/{name}", (HttpContext http, string name) => Serve(http, name));
    }

    private static IResult Serve(HttpContext http, string name)
    {
        if (!ContentTypes.TryGetValue(name, out var contentType)
            || typeof(AssetEndpoints).Assembly.GetManifestResourceStream(ResourcePrefix + name) is not { } stream)
        {
            return TypedResults.NotFound();
        }

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // The files change only with the gateway binary; revalidating keeps an upgraded page from mixing versions.
        headers.CacheControl = "no-cache";
        return TypedResults.Stream(stream, contentType);
    }

    internal static IEnumerable<string> Names => ContentTypes.Keys;

    internal static bool Exists(string name) =>
        typeof(AssetEndpoints).Assembly.GetManifestResourceInfo(ResourcePrefix + name) is not null;
}
