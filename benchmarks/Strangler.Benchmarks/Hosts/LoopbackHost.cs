using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Strangler.Benchmarks.Hosts;

/// <summary>Starts a web application on a free loopback port and tells its base URL.</summary>
internal static class LoopbackHost
{
    public static async Task<string> StartAsync(WebApplication app)
    {
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        return addresses?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The host started without a listening address.");
    }
}
