using Microsoft.Extensions.Options;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// Says whether the gateway has CPU to spare for shadows. Every 10 ms it queues a probe on the thread pool's global
/// queue, where Kestrel queues the clients' requests, and times how long the probe waits for a thread: the wait a
/// client's request has at that moment too. While that wait, smoothed over about 50 ms, is above
/// <see cref="ShadowOptions.BusyThreshold"/>, new shadows are dropped (reason <c>busy</c>).
/// </summary>
/// <remarks>
/// A shadow costs the gateway a second HTTP exchange: measured at about twice the CPU of the proxied request itself on
/// the 2-core development machine. With spare CPU it runs beside the client's request; at saturation every
/// microsecond of it is queueing in front of the next client, so that is when shadows give way.
/// </remarks>
internal sealed class ShadowHeadroom : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(10);

    private readonly TimeProvider _time;
    private readonly double _threshold;
    private ITimer? _timer;
    private double _smoothedWait;
    private int _probing;
    private long _queuedAt;

    public ShadowHeadroom(IOptions<ShadowOptions> options, TimeProvider time)
    {
        _time = time;
        _threshold = options.Value.BusyThreshold.TotalSeconds;
    }

    /// <summary>
    /// True while work waits longer than the threshold for a thread; always false when shedding is off. The first
    /// call starts the probes, so a gateway that shadows nothing never runs them.
    /// </summary>
    public bool IsBusy
    {
        get
        {
            if (_threshold <= 0)
            {
                return false;
            }

            if (Volatile.Read(ref _timer) is null)
            {
                Start();
            }

            return Volatile.Read(ref _smoothedWait) > _threshold;
        }
    }

    /// <summary>The smoothed wait for a thread, in seconds (0 when shedding is off).</summary>
    public double Wait => Volatile.Read(ref _smoothedWait);

    public void Dispose() => _timer?.Dispose();

    private void Start()
    {
        var timer = _time.CreateTimer(static state => ((ShadowHeadroom)state!).Probe(), this, Period, Period);
        if (Interlocked.CompareExchange(ref _timer, timer, null) is not null)
        {
            timer.Dispose();
        }
    }

    private void Probe()
    {
        // A probe still waiting after a whole period: the wait is already longer than any sensible threshold; the
        // probe, when it runs, reports it.
        if (Interlocked.Exchange(ref _probing, 1) == 1)
        {
            return;
        }

        _queuedAt = _time.GetTimestamp();
        ThreadPool.UnsafeQueueUserWorkItem(static headroom => headroom.Ran(), this, preferLocal: false);
    }

    private void Ran()
    {
        var wait = _time.GetElapsedTime(_queuedAt).TotalSeconds;
        Volatile.Write(ref _smoothedWait, (Volatile.Read(ref _smoothedWait) * 0.8) + (wait * 0.2));
        Volatile.Write(ref _probing, 0);
    }
}
