using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Strangler.Cli.Hosting;

[assembly: AssemblyFixture(typeof(Strangler.Cli.Tests.Infrastructure.UpstreamsFixture))]

namespace Strangler.Cli.Tests.Infrastructure;

/// <summary>Two real Kestrel upstreams, started once per test run, each answering every path with its own name.</summary>
public sealed class UpstreamsFixture : IAsyncLifetime
{
    private WebApplication _legacy = null!;
    private WebApplication _new = null!;

    public Uri Legacy { get; private set; } = null!;

    public Uri New { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        (_legacy, Legacy) = await StartAsync("legacy");
        (_new, New) = await StartAsync("new");
    }

    public async ValueTask DisposeAsync()
    {
        await _legacy.DisposeAsync();
        await _new.DisposeAsync();
    }

    private static async Task<(WebApplication, Uri)> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(context => context.Response.WriteAsJsonAsync(new { upstream = name, path = context.Request.Path.Value }));
        return (app, await LoopbackHost.StartAsync(app, CancellationToken.None));
    }
}
