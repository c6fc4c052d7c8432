using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Metrics;

namespace Strangler.Gateway.Stalls;

/// <summary>
/// Notices when this gateway process itself did not run: SIGSTOP, a container or VM freeze, a long runtime pause, CPU
/// starvation. A thread of its own (not the thread pool, which a busy gateway may starve) wakes every
/// <see cref="Tick"/> on the monotonic clock; a wake-up that comes more than the threshold after it was due means
/// nothing in the process ran for that long. A request in flight across such a stall measures the stall, not its
/// upstream: it times out or looks slow when the process resumes, on whichever side served it. The proxy asks
/// <see cref="Overlapped"/> for each attempt and leaves those out of the rollout's evidence (both sides alike), so a
/// frozen gateway does not roll back a healthy new service. Its clock is the system's monotonic clock, whatever
/// <see cref="TimeProvider"/> the gateway runs on (a test's fake clock jumps: that is no stall); when the gateway runs
/// on the system clock, the proxy's own timestamps of each attempt are the watchdog's, so the check reads no clock.
/// The stalls are dated on the gateway's <see cref="TimeProvider"/>, as the rollout's windows are.
/// </summary>
internal sealed class StallWatchdog : IHostedService, IDisposable
{
    /// <summary>How often the watchdog wakes; also the resolution of a stall's start.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    /// <summary>Stalls kept for the rollout's evaluations: more than an evaluation window holds unless stalls are constant.</summary>
    private const int Kept = 32;

    private readonly TimeProvider _clock;
    private readonly TimeProvider _wallClock;
    private readonly ILogger<StallWatchdog> _logger;
    private readonly long _tickTicks;
    private readonly long _limitTicks;
    private readonly TimeSpan _threshold;
    private readonly Counter<long> _stalls;
    private readonly Counter<double> _stalledSeconds;
    private readonly Lock _lock = new();
    private readonly Queue<Stall> _recent = new();
    private readonly ManualResetEventSlim _stop = new();
    private Thread? _thread;

    // 0 while the watchdog is not running (before start, after stop): then nothing counts as a stall.
    private long _lastBeat;
    private long _lastStallEnd = long.MinValue;
    private Stall? _latest;

    public StallWatchdog(IOptions<GatewayOptions> options, IMeterFactory meterFactory, TimeProvider time, ILogger<StallWatchdog> logger)
        : this(options.Value.StallThreshold, meterFactory, TimeProvider.System, time, logger)
    {
    }

    /// <summary>With a monotonic <paramref name="clock"/> of the caller's choosing, so tests can stall it.</summary>
    internal StallWatchdog(TimeSpan threshold, IMeterFactory meterFactory, TimeProvider clock, TimeProvider wallClock, ILogger<StallWatchdog> logger)
    {
        (_threshold, _clock, _wallClock, _logger) = (threshold, clock, wallClock, logger);
        _tickTicks = ToTicks(Tick);
        _limitTicks = _tickTicks + ToTicks(threshold);
        var meter = meterFactory.Create(GatewayInstruments.MeterName);
        _stalls = meter.CreateCounter<long>(GatewayInstruments.Stalls, "{stall}", "Times this gateway process did not run for longer than StallThreshold.");
        _stalledSeconds = meter.CreateCounter<double>(GatewayInstruments.StalledTime, "s", "Time this gateway process spent stalled.");
    }

    /// <summary>Whether <paramref name="time"/>'s timestamps are the watchdog's own, so a caller may pass its own.</summary>
    public bool SharesClockWith(TimeProvider time) => ReferenceEquals(time, _clock);

    /// <summary>A timestamp on the watchdog's clock, for a caller whose clock is another.</summary>
    public long Now() => _clock.GetTimestamp();

    /// <summary>
    /// Whether an attempt that ran from <paramref name="started"/> to <paramref name="ended"/> (timestamps on the
    /// watchdog's clock) was in flight during a stall: one seen already that ended after it started,
    /// or one still unseen, because the first threads to run after a freeze may be finishing requests before the
    /// watchdog's thread has woken. The latter is recorded here. Two field reads: no lock, no allocation, no clock read,
    /// unless a stall is being noticed.
    /// </summary>
    public bool Overlapped(long started, long ended)
    {
        // The beat first: Beat writes a stall's end before the beat that saw it, so a beat read here that already
        // ended a stall comes with that stall's end, and an older one is far enough back to count as a stall unseen.
        var beat = Volatile.Read(ref _lastBeat);
        if (started < Volatile.Read(ref _lastStallEnd))
        {
            CountExcluded();
            return true;
        }

        if (beat == 0 || ended - beat <= _limitTicks)
        {
            return false;
        }

        Beat();
        CountExcluded();
        return true;
    }

    /// <summary>Stalls that ended at or after <paramref name="since"/>, oldest first; a stall going on unseen is seen first.</summary>
    public IReadOnlyList<Stall> Since(DateTimeOffset since)
    {
        Beat();
        lock (_lock)
        {
            return [.. _recent.Where(s => s.EndedAt >= since)];
        }
    }

    /// <summary>One wake-up: records a stall when it came more than the threshold late. Public for the evaluator and tests.</summary>
    public void Beat()
    {
        Stall? stall = null;
        lock (_lock)
        {
            var now = _clock.GetTimestamp();
            if (_lastBeat == 0 || now <= _lastBeat)
            {
                return;
            }

            var gap = now - _lastBeat;
            if (gap > _limitTicks)
            {
                // The last beat was due a tick after the previous one; everything past that the process did not run.
                stall = new Stall(_wallClock.GetUtcNow(), _clock.GetElapsedTime(0, gap - _tickTicks));
                _recent.Enqueue(stall);
                if (_recent.Count > Kept)
                {
                    _recent.Dequeue();
                }

                Volatile.Write(ref _latest, stall);
                Volatile.Write(ref _lastStallEnd, now);
            }

            Volatile.Write(ref _lastBeat, now);
        }

        if (stall is not null)
        {
            _stalls.Add(1);
            _stalledSeconds.Add(stall.Length.TotalSeconds);
            StallLog.Stalled(_logger, stall.Length.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture), Tick.TotalMilliseconds,
                _threshold.TotalMilliseconds);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Volatile.Write(ref _lastBeat, _clock.GetTimestamp());
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "Strangler stall watchdog" };
        _thread.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stop.Set();
        _thread?.Join(TimeSpan.FromSeconds(1));
        lock (_lock)
        {
            Volatile.Write(ref _lastBeat, 0);
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _stop.Set();
        _thread?.Join(TimeSpan.FromSeconds(1));
        _stop.Dispose();
    }

    private void Run()
    {
        try
        {
            while (!_stop.Wait(Tick))
            {
                Beat();
            }
        }
        catch (ObjectDisposedException)
        {
            // Disposed by a host that was never stopped: the watchdog ends with it.
        }
    }

    private void CountExcluded() => Volatile.Read(ref _latest)?.CountExcluded();

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _clock.TimestampFrequency);
}
