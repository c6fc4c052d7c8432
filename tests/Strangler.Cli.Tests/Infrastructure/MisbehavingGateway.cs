using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Strangler.Cli.Tests.Infrastructure;

/// <summary>
/// A server on a loopback port that answers the admin API badly, chosen by the bearer token: <c>answer-401-…</c>,
/// <c>answer-500-…</c> (an HTML error page over several lines) or <c>answer-text-…</c> (200 with a body that is not JSON).
/// </summary>
public sealed class MisbehavingGateway : IAsyncLifetime
{
    private WebApplication? _app;

    public string Url { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Map("/{**path}", (HttpContext http) =>
        {
            var token = http.Request.Headers.Authorization.ToString();
            return token switch
            {
                _ when token.Contains("answer-401", StringComparison.Ordinal) => Results.StatusCode(StatusCodes.Status401Unauthorized),
                _ when token.Contains("answer-500", StringComparison.Ordinal) => Results.Content(
                    "<html>\n<body>\n<h1>Internal Server Error</h1>\n<p>upstream exploded</p>\n</body>\n</html>\n", "text/html", statusCode: 500),
                _ => Results.Content("this is not json\nat all\n", "text/plain"),
            };
        });
        await _app.StartAsync();
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
