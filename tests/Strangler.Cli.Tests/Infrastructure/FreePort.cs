using System.Net;
using System.Net.Sockets;

namespace Strangler.Cli.Tests.Infrastructure;

/// <summary>
/// A loopback port that was free a moment ago, for commands that take a fixed URL and do not report the port they
/// bound. The OS hands out ephemeral ports in rotation, so reuse before the command binds it is unlikely.
/// </summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
