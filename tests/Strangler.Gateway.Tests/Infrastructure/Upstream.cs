using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>
/// A real Kestrel upstream on a loopback port. By default answers every request with
/// "<c>name method path?query</c>"; <see cref="Handler"/> replaces that per test (fail, hold, stream).
/// </summary>
public sealed class Upstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Upstream(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }

    public string Url { get; private set; } = "";

    public int RequestCount => Requests.Count;

    /// <summary>Every request seen: method, path and headers (lower-case names).</summary>
    public ConcurrentQueue<(string Method, string Path, IReadOnlyDictionary<string, string> Headers)> Requests { get; } = new();

    public Func<HttpContext, Task>? Handler { get; set; }

    public static async Task<Upstream> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new Upstream(name, app);
        app.Run(upstream.HandleAsync);
        await app.StartAsync();
        upstream.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Requests.Enqueue((context.Request.Method, context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString())));
        if (Handler is { } handler)
        {
            await handler(context);
            return;
        }

        await context.Response.WriteAsync($"{Name} {context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
    }
}
