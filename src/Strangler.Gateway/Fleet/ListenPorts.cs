using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// The TCP ports this gateway is configured to listen on, for its default replica id (<see cref="FleetOptions.ReplicaId"/>):
/// from <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>), else the <c>Kestrel:Endpoints</c> section, else
/// <c>http_ports</c> / <c>https_ports</c> (<c>ASPNETCORE_HTTP_PORTS</c>). Null when they cannot be known before the
/// server starts (none configured, a port 0 chosen at start, a unix socket or named pipe): the id then falls back to
/// the process id, unique but not stable across restarts.
/// </summary>
internal static class ListenPorts
{
    public static IReadOnlyList<int>? From(IConfiguration configuration)
    {
        var urls = Split(configuration["urls"]);
        if (urls.Count == 0)
        {
            urls = [.. configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>()];
        }

        if (urls.Count > 0)
        {
            return Ports(urls);
        }

        var ports = Split(configuration["http_ports"]).Concat(Split(configuration["https_ports"])).ToList();
        return ports.Count > 0 && ports.All(p => int.TryParse(p, out var n) && n is > 0 and <= 65535)
            ? [.. ports.Select(int.Parse).Distinct().Order()]
            : null;
    }

    private static List<int>? Ports(IEnumerable<string> urls)
    {
        var ports = new List<int>();
        foreach (var url in urls)
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
                // The host refuses it with its own message; the id does not need to.
                return null;
            }

            if (address.IsUnixPipe || address.IsNamedPipe || address.Port <= 0)
            {
                return null;
            }

            ports.Add(address.Port);
        }

        return [.. ports.Distinct().Order()];
    }

    private static List<string> Split(string? value) =>
        [.. (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
