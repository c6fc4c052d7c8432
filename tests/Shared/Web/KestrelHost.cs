using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Strangler.Tests.Shared;

/// <summary>
/// The one loopback host: a real Kestrel server on 127.0.0.1 port 0 (never a fixed port), for the upstreams, fake
/// sync workers and misbehaving servers the tests talk HTTP to. <see cref="UrlOf"/> reads the port any started
/// <see cref="WebApplication"/> bound, for hosts built elsewhere (the gateway, the sync worker).
/// </summary>
public sealed class KestrelHost : IAsyncDisposable
{
    private KestrelHost(WebApplication app, string url)
    {
        App = app;
        Url = url;
    }

    public WebApplication App { get; }

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:40123</c> (no trailing slash).</summary>
    public string Url { get; }

    public Uri Uri => new(Url);

    /// <summary>Starts a slim host whose endpoints <paramref name="map"/> adds; <paramref name="configure"/> may tune the builder.</summary>
    public static async Task<KestrelHost> StartAsync(Action<WebApplication> map, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        configure?.Invoke(builder);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new KestrelHost(app, UrlOf(app));
    }

    /// <summary>The address a started application is listening on.</summary>
    public static string UrlOf(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
