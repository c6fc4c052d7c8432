using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Strangler.Gateway.Hosting;

/// <summary>
/// Tells a request the host's shutdown timeout cut off from one whose client left, and says in the log what the drain
/// did. Before, a request still running at the timeout was logged as "A client gave up after 30 s waiting for ..." and
/// counted as the client's 499, and a stop that cut requests off read like a clean one.
/// </summary>
internal sealed class ShutdownDrain
{
    // The host arms the timeout a moment before or after this class hears of the stop (Host.StopAsync or a SIGTERM
    // first): an abort this close to the deadline is the host's, not a client's.
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(100);

    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger<ShutdownDrain> _logger;
    private long _stoppingAt = -1;
    private long _cutOff;

    public ShutdownDrain(IHostApplicationLifetime lifetime, IOptions<HostOptions> host, TimeProvider time, ILogger<ShutdownDrain> logger)
    {
        _timeout = host.Value.ShutdownTimeout;
        _time = time;
        _logger = logger;
        lifetime.ApplicationStopping.Register(() =>
        {
            Interlocked.Exchange(ref _stoppingAt, _time.GetTimestamp());
            GatewayLog.Draining(_logger, _timeout);
        });
        lifetime.ApplicationStopped.Register(() =>
        {
            var cutOff = Interlocked.Read(ref _cutOff);
            if (cutOff > 0)
            {
                GatewayLog.CutOffAtShutdown(_logger, cutOff, _timeout);
            }
        });
    }

    /// <summary>
    /// Whether a request that ended aborted was cut off by the shutdown timeout; if so it is counted for the line
    /// written when the host has stopped.
    /// </summary>
    public bool CutOff()
    {
        var stoppingAt = Interlocked.Read(ref _stoppingAt);
        if (stoppingAt < 0 || _time.GetElapsedTime(stoppingAt) < _timeout - Slack)
        {
            return false;
        }

        Interlocked.Increment(ref _cutOff);
        return true;
    }
}
