namespace Strangler.Sync.Reconcile.Continuous;

/// <summary>
/// <see cref="ReconcileOptions.SampleSizePerMinute"/> is a rate the legacy database's owners agree to, whatever
/// <see cref="ReconcileOptions.SampleInterval"/> is, so one check takes the rate's share of the interval: 60 a minute is
/// 15 keys every 15 s and 300 every 5 minutes.
/// </summary>
internal static class SampleRate
{
    /// <summary>
    /// <paramref name="perMinute"/> × <paramref name="interval"/> ÷ 1 minute, rounded half up, and at least 1: a check of
    /// no keys would show no drift however much there is.
    /// </summary>
    public static int KeysPerCheck(int perMinute, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perMinute);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        // Exact, in ticks: a double would round a half key either way depending on the interval's binary form. Int128,
        // because rate × ticks outgrows a long; validated settings stay far below int.MaxValue keys (100000 a minute
        // every 24 h is 144 million), the clamp only keeps an unvalidated one from wrapping round.
        var keys = ((Int128)perMinute * interval.Ticks + TimeSpan.TicksPerMinute / 2) / TimeSpan.TicksPerMinute;
        return (int)Int128.Clamp(keys, 1, int.MaxValue);
    }
}
