using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Strangler.Dashboard.Tests.Infrastructure;

/// <summary>
/// A legacy monolith and a new service, real Kestrel hosts started once per test run. Each answers with its side's
/// name; the new service does not serve <c>/{subdomain}/{id}/export</c> (404), like a service mid-migration,
/// and fails (500) under <c>/{subdomain}/broken/</c>.
/// </summary>
public sealed class Upstreams : IAsyncLifetime
{
    public KestrelHost Legacy { get; private set; } = null!;

    public KestrelHost New { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Legacy = await KestrelHost.StartAsync(app => app.Map("/{**path}", () => Results.Text("legacy")));
        New = await KestrelHost.StartAsync(app =>
        {
            app.Map("/{subdomain}/{id}/export", () => Results.NotFound());
            app.Map("/{subdomain}/broken/{**rest}", () => Results.StatusCode(StatusCodes.Status500InternalServerError));
            app.Map("/{**path}", () => Results.Text("new"));
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Legacy.DisposeAsync();
        await New.DisposeAsync();
    }
}
