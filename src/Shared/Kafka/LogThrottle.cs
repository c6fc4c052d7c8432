namespace Strangler.Kafka;

/// <summary>
/// Lets one log line per key (a librdkafka error code, or one identical log line) through per interval, and counts the
/// ones held back. With the broker down, librdkafka reports every reconnect attempt: measured, 239 error lines in 12 s
/// from one pipeline, in which the line that mattered (the first) was lost; and <c>strangler dlq list</c> against a
/// closed port got 580 identical "Connect to ... failed: Connection refused" log lines in its 30 s, which librdkafka's
/// own 30 s suppression of an identical failure did not hold back. The status carries the latest error anyway
/// (<c>kafka.lastError</c>).
/// </summary>
internal sealed class LogThrottle<TKey>(TimeProvider time, TimeSpan interval)
    where TKey : notnull
{
    // Keys whose interval is over are dropped past this many, so that lines differing in a number (librdkafka's
    // "after 12ms in state CONNECT") do not grow the table for the life of a worker.
    private const int PruneAbove = 256;

    private readonly Dictionary<TKey, (long LoggedAt, int HeldBack)> _keys = [];
    private readonly Lock _lock = new();

    /// <summary>The number of <paramref name="key"/> lines held back since its last line, when this one is to be logged; null to hold it back.</summary>
    public int? Admit(TKey key)
    {
        lock (_lock)
        {
            if (_keys.TryGetValue(key, out var last) && time.GetElapsedTime(last.LoggedAt) < interval)
            {
                _keys[key] = (last.LoggedAt, last.HeldBack + 1);
                return null;
            }

            if (_keys.Count >= PruneAbove)
            {
                Prune();
            }

            _keys[key] = (time.GetTimestamp(), 0);
            return last.HeldBack;
        }
    }

    private void Prune()
    {
        // A held-back count of a dropped key is lost; it would have been said only if the same line came again.
        foreach (var key in _keys.Where(k => time.GetElapsedTime(k.Value.LoggedAt) >= interval).Select(k => k.Key).ToList())
        {
            _keys.Remove(key);
        }
    }
}
