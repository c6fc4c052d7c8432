using System.Net;
using System.Net.Sockets;

namespace Strangler.Cli.Hosting;

/// <summary>
/// Tells whether a loopback port is taken before a host tries it. A host that fails to bind logs "Hosting failed to
/// start" with a full stack trace before the command can say the same in one line; probed first, a taken port is
/// only that line, and every other start failure keeps the host's own log.
/// </summary>
internal static class PortProbe
{
    /// <summary>Why 127.0.0.1:<paramref name="port"/> is taken (the socket's message), or null when it is free or 0.</summary>
    public static string? WhyTaken(int port)
    {
        if (port == 0)
        {
            return null;
        }

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (!OperatingSystem.IsWindows())
        {
            // As Kestrel binds there: a port left in TIME_WAIT by the last run is free to it, and must be here too.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        }

        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            socket.Listen();
            return null;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return ex.Message;
        }
    }
}
