using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

[assembly: AssemblyFixture(typeof(Strangler.Cli.Tests.Infrastructure.UpstreamsFixture))]

namespace Strangler.Cli.Tests.Infrastructure;

/// <summary>Two real Kestrel upstreams, started once per test run, each answering every path with its own name.</summary>
public sealed class UpstreamsFixture : IAsyncLifetime
{
    private KestrelHost _legacy = null!;
    private KestrelHost _new = null!;

    public Uri Legacy => _legacy.Uri;

    public Uri New => _new.Uri;

    public async ValueTask InitializeAsync()
    {
        _legacy = await StartAsync("legacy");
        _new = await StartAsync("new");
    }

    public async ValueTask DisposeAsync()
    {
        await _legacy.DisposeAsync();
        await _new.DisposeAsync();
    }

    private static Task<KestrelHost> StartAsync(string name) => KestrelHost.StartAsync(app =>
        app.Run(context => context.Response.WriteAsJsonAsync(new { upstream = name, path = context.Request.Path.Value })));
}
