using Confluent.Kafka;

namespace Strangler.Kafka;

/// <summary>
/// Lets one log line per librdkafka error code through per interval, and counts the ones held back. With the broker
/// down, librdkafka reports every reconnect attempt: measured, 239 error lines in 12 s from one pipeline, in which the
/// line that mattered (the first) was lost. The status carries the latest error anyway (<c>kafka.lastError</c>).
/// </summary>
internal sealed class ErrorLogThrottle(TimeProvider time, TimeSpan interval)
{
    private readonly Dictionary<ErrorCode, (long LoggedAt, int HeldBack)> _codes = [];
    private readonly Lock _lock = new();

    /// <summary>The number of <paramref name="code"/> errors held back since its last line, when this one is to be logged; null to hold it back.</summary>
    public int? Admit(ErrorCode code)
    {
        lock (_lock)
        {
            if (_codes.TryGetValue(code, out var last) && time.GetElapsedTime(last.LoggedAt) < interval)
            {
                _codes[code] = (last.LoggedAt, last.HeldBack + 1);
                return null;
            }

            _codes[code] = (time.GetTimestamp(), 0);
            return last.HeldBack;
        }
    }
}
