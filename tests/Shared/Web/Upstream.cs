using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Strangler.Tests.Shared;

/// <summary>
/// A real Kestrel upstream on a loopback port (a <see cref="KestrelHost"/>). By default answers every request with
/// "<c>name method path?query</c>"; <see cref="Handler"/> replaces that per test (fail, hold, stream).
/// </summary>
public sealed class Upstream : IAsyncDisposable
{
    private KestrelHost _host = null!;

    private Upstream(string name) => Name = name;

    public string Name { get; }

    public string Url => _host.Url;

    public int RequestCount => Requests.Count;

    /// <summary>Every request seen: method, path and headers (lower-case names).</summary>
    public ConcurrentQueue<(string Method, string Path, IReadOnlyDictionary<string, string> Headers)> Requests { get; } = new();

    public Func<HttpContext, Task>? Handler { get; set; }

    public static async Task<Upstream> StartAsync(string name)
    {
        var upstream = new Upstream(name);
        upstream._host = await KestrelHost.StartAsync(
            app => app.Run(upstream.HandleAsync),
            builder => builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null));
        return upstream;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

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
