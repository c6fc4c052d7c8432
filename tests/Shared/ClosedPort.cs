using System.Net;
using System.Net.Sockets;

namespace Strangler.Tests.Shared;

/// <summary>
/// A loopback port that refuses connections for as long as this lives: bound, so no other process can take it, but
/// not listening. Safer than a port number assumed closed (1, 9, ...), which a machine may well serve or filter.
/// </summary>
public sealed class ClosedPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public ClosedPort() => _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    /// <summary>The port's base URL, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string Url => $"http://{_socket.LocalEndPoint}";

    public void Dispose() => _socket.Dispose();
}
