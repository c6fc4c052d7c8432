using System.Net;
using System.Net.Sockets;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>
/// A loopback TCP relay to a server, which a test can cut (every connection dropped, new ones refused) and restore on
/// the same port: a database outage and its recovery, without stopping the database other tests use. It can also
/// freeze: connections stay open and new ones are accepted, but no byte goes through until thawed, as with a server
/// that hangs or a network that drops packets silently.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _open = [];
    private readonly Lock _lock = new();
    private TcpListener? _listener;
    private CancellationTokenSource _cut = new();
    private TaskCompletionSource _flowing = Flowing();

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

    /// <summary>Holds every byte in both directions until <see cref="Thaw"/>; nothing is closed.</summary>
    public void Freeze()
    {
        lock (_lock)
        {
            if (_flowing.Task.IsCompleted)
            {
                _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Thaw()
    {
        lock (_lock)
        {
            _flowing.TrySetResult();
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
            var a = PumpAsync(inbound.GetStream(), outbound.GetStream(), cut);
            var b = PumpAsync(outbound.GetStream(), inbound.GetStream(), cut);
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

    private async Task PumpAsync(Stream from, Stream to, CancellationToken cut)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, cut)) > 0)
        {
            Task flowing;
            lock (_lock)
            {
                flowing = _flowing.Task;
            }

            await flowing.WaitAsync(cut);
            await to.WriteAsync(buffer.AsMemory(0, read), cut);
        }
    }

    private static TaskCompletionSource Flowing()
    {
        var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        flowing.SetResult();
        return flowing;
    }

    public ValueTask DisposeAsync()
    {
        Thaw();
        Cut();
        return ValueTask.CompletedTask;
    }
}
