using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Strangler.Cli.Hosting;

/// <summary>Starts a web application and tells the address it actually bound (port 0 becomes a real port).</summary>
internal static class LoopbackHost
{
    public static async Task<Uri> StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            .FirstOrDefault() ?? throw new InvalidOperationException("The host started without a listening address.");
        return new Uri(address.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal));
    }
}
