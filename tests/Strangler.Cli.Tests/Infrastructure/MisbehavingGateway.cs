using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Strangler.Cli.Tests.Infrastructure;

/// <summary>
/// A server on a loopback port that answers the admin API badly, chosen by the bearer token: <c>answer-401-…</c>,
/// <c>answer-500-…</c> (an HTML error page over several lines) or <c>answer-text-…</c> (200 with a body that is not JSON).
/// </summary>
public sealed class MisbehavingGateway : IAsyncLifetime
{
    private KestrelHost? _host;

    public string Url => _host!.Url;

    public async ValueTask InitializeAsync() => _host = await KestrelHost.StartAsync(app => app.Map("/{**path}", (HttpContext http) =>
    {
        var token = http.Request.Headers.Authorization.ToString();
        return token switch
        {
            _ when token.Contains("answer-401", StringComparison.Ordinal) => Results.StatusCode(StatusCodes.Status401Unauthorized),
            _ when token.Contains("answer-500", StringComparison.Ordinal) => Results.Content(
                "<html>\n<body>\n<h1>Internal Server Error</h1>\n<p>upstream exploded</p>\n</body>\n</html>\n", "text/html", statusCode: 500),
            _ => Results.Content("this is not json\nat all\n", "text/plain"),
        };
    }));

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
