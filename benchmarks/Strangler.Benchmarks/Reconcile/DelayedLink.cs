using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Strangler.Benchmarks.Reconcile;

/// <summary>
/// A loopback TCP link to a server whose answers arrive a fixed delay late: a database on another host, as a legacy
/// database is in production, where every round trip costs the network's time and not only the server's. Each chunk
/// the server sends is held until its delay has passed since it was read, in order, so the link adds one delay to each
/// round trip and none to a stream of answers already on their way. What the delay comes to (waking a thread adds to
/// it) is measured by the benchmark and printed beside the figures, not assumed.
/// </summary>
internal sealed class DelayedLink : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly BlockingCollection<(long Due, Stream To, byte[] Bytes)> _held = [];
    private readonly long _delayTicks;
    private readonly Thread _release;
    private long _requests;

    public DelayedLink(string host, int port, TimeSpan delay)
    {
        _target = new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port);
        _delayTicks = (long)(delay.TotalSeconds * Stopwatch.Frequency);
        _release = new Thread(Release) { IsBackground = true, Name = "delayed link", Priority = ThreadPriority.AboveNormal };
        _release.Start();
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>
    /// The writes that came from clients so far: about the round trips made, since a client waits for its answer before
    /// it writes again (a request written in two pieces counts twice).
    /// </summary>
    public long Requests => Interlocked.Read(ref _requests);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _release.Join();
        _held.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            _ = RelayAsync(inbound);
        }
    }

    private async Task RelayAsync(TcpClient inbound)
    {
        using var outbound = new TcpClient { NoDelay = true };
        using (inbound)
        {
            inbound.NoDelay = true;
            try
            {
                await outbound.ConnectAsync(_target, _stop.Token);
                // Requests go straight through; answers wait out the delay.
                var up = CopyAsync(inbound.GetStream(), outbound.GetStream());
                var down = DelayedCopyAsync(outbound.GetStream(), inbound.GetStream());
                await Task.WhenAny(up, down);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // Closed by either end, or the link stopped.
            }
        }
    }

    private async Task CopyAsync(Stream from, Stream to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                Interlocked.Increment(ref _requests);
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Closed by either end.
        }
    }

    private async Task DelayedCopyAsync(Stream from, Stream to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                _held.Add((Stopwatch.GetTimestamp() + _delayTicks, to, buffer[..read]));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // Closed by either end, or the link stopped.
        }
    }

    /// <summary>
    /// Sends every held chunk when it is due, on one thread for the whole link: every chunk waits the same delay, so they
    /// fall due in the order they came, whichever connection they belong to.
    /// </summary>
    private void Release()
    {
        try
        {
            foreach (var (due, to, bytes) in _held.GetConsumingEnumerable(_stop.Token))
            {
                SleepUntil(due);
                try
                {
                    to.Write(bytes);
                }
                catch (Exception ex) when (ex is IOException or ObjectDisposedException)
                {
                    // That connection closed meanwhile.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The link stopped.
        }
    }

    /// <summary>
    /// Sleeps until <paramref name="due"/> (a <see cref="Stopwatch"/> timestamp). On Linux the kernel's monotonic clock,
    /// which Stopwatch reads, wakes the thread to within tens of microseconds; .NET's timers count whole milliseconds
    /// and run their continuations on a thread pool the measured jobs keep busy (1 ms came to 4 ms under load).
    /// Elsewhere whole milliseconds it is.
    /// </summary>
    private static void SleepUntil(long due)
    {
        if (OperatingSystem.IsLinux() && Stopwatch.Frequency == 1_000_000_000)
        {
            var at = new Timespec { Seconds = due / 1_000_000_000, Nanoseconds = due % 1_000_000_000 };
            while (ClockNanosleep(ClockMonotonic, TimerAbsoluteTime, ref at, IntPtr.Zero) == Interrupted)
            {
                // A signal woke it early: sleep on to the same moment.
            }

            return;
        }

        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (wait > TimeSpan.Zero)
        {
            Thread.Sleep(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)));
        }
    }

    private const int ClockMonotonic = 1;
    private const int TimerAbsoluteTime = 1;
    private const int Interrupted = 4;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // Returns the error number itself (0 on success), not -1 and errno.
    [DllImport("libc", EntryPoint = "clock_nanosleep")]
    private static extern int ClockNanosleep(int clock, int flags, ref Timespec request, IntPtr remaining);
}
