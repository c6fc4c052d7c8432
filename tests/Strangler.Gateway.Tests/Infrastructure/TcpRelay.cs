using System.Net;
using System.Net.Sockets;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>
/// A loopback TCP relay to a server, which a test can cut (every connection dropped, new ones refused) and restore on
/// the same port: a database outage and its recovery, without stopping the database other tests use.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _open = [];
    private readonly Lock _lock = new();
    private TcpListener? _listener;
    private CancellationTokenSource _cut = new();

    public TcpRelay(string host, int port)
    {
        _target = new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port);
        Port = Listen(0);
    }

    public int Port { get; }

    /// <summary>Drops every relayed connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        lock (_lock)
        {
            _listener?.Stop();
            _listener = null;
            _cut.Cancel();
            foreach (var client in _open)
            {
                try
                {
                    // Reset, not a graceful close: what a dead server or a pulled cable looks like to the client.
                    client.Client?.LingerState = new LingerOption(true, 0);
                }
                catch (ObjectDisposedException)
                {
                    // Closed by its other end already.
                }

                client.Dispose();
            }

            _open.Clear();
        }
    }

    public void Restore()
    {
        lock (_lock)
        {
            _cut = new CancellationTokenSource();
        }

        Listen(Port);
    }

    private int Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        CancellationToken cut;
        lock (_lock)
        {
            _listener = listener;
            cut = _cut.Token;
        }

        _ = AcceptAsync(listener, cut);
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cut)
    {
        while (!cut.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(cut);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return;
            }

            _ = RelayAsync(inbound, cut);
        }
    }

    private async Task RelayAsync(TcpClient inbound, CancellationToken cut)
    {
        var outbound = new TcpClient();
        lock (_lock)
        {
            _open.Add(inbound);
            _open.Add(outbound);
        }

        try
        {
            await outbound.ConnectAsync(_target, cut);
            var a = inbound.GetStream().CopyToAsync(outbound.GetStream(), cut);
            var b = outbound.GetStream().CopyToAsync(inbound.GetStream(), cut);
            await Task.WhenAny(a, b);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Cut or closed by either end.
        }
        finally
        {
            inbound.Dispose();
            outbound.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }
}
