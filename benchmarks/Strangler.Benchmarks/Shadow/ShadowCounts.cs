using System.Globalization;

namespace Strangler.Benchmarks.Shadow;

/// <summary>
/// What became of a gateway's shadows, read from its <c>/metrics</c>: differences of two readings give one run's
/// share, so the table can say how many requests were really shadowed while the latency was measured.
/// </summary>
internal sealed record ShadowCounts(double Sent, double Compared, double DroppedBusy, double DroppedOther, double TimedOut, double Failed)
{
    public static async Task<ShadowCounts> ReadAsync(HttpClient http, string gatewayUrl)
    {
        var metrics = (await http.GetStringAsync(gatewayUrl + "/metrics")).Split('\n');
        var dropped = Lines(metrics, "strangler_gateway_shadow_dropped_total").ToList();
        return new ShadowCounts(
            Lines(metrics, "strangler_gateway_shadow_sent_total").Sum(Value),
            Lines(metrics, "strangler_gateway_shadow_compared_total").Sum(Value),
            dropped.Where(IsBusy).Sum(Value),
            dropped.Where(line => !IsBusy(line)).Sum(Value),
            Lines(metrics, "strangler_gateway_shadow_timeouts_total").Sum(Value),
            Lines(metrics, "strangler_gateway_shadow_failures_total").Sum(Value));
    }

    /// <summary>
    /// Reads once the shadows already sent have ended (compared, timed out or failed; at most 10 s), so the queue a
    /// closed-loop run left behind is counted with that run, not the next one.
    /// </summary>
    public static async Task<ShadowCounts> SettledAsync(HttpClient http, string gatewayUrl)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var counts = await ReadAsync(http, gatewayUrl);
            if (counts.Sent <= counts.Compared + counts.TimedOut + counts.Failed || DateTime.UtcNow > deadline)
            {
                return counts;
            }

            await Task.Delay(100);
        }
    }

    public static ShadowCounts operator +(ShadowCounts left, ShadowCounts right) => new(left.Sent + right.Sent,
        left.Compared + right.Compared, left.DroppedBusy + right.DroppedBusy, left.DroppedOther + right.DroppedOther, left.TimedOut + right.TimedOut,
        left.Failed + right.Failed);

    public static ShadowCounts operator -(ShadowCounts left, ShadowCounts right) => new(left.Sent - right.Sent,
        left.Compared - right.Compared, left.DroppedBusy - right.DroppedBusy, left.DroppedOther - right.DroppedOther, left.TimedOut - right.TimedOut,
        left.Failed - right.Failed);

    /// <summary>One line: of <paramref name="requests"/> requests, how many were shadowed and compared, and how many dropped why.</summary>
    public string Describe(long requests) => string.Create(CultureInfo.InvariantCulture,
        $"{Compared:F0} of {requests} requests compared ({(requests == 0 ? 0 : 100 * Compared / requests):F1} %), " +
        $"{DroppedBusy:F0} dropped as busy, {DroppedOther:F0} dropped otherwise, {TimedOut:F0} timed out, {Failed:F0} failed");

    private static IEnumerable<string> Lines(string[] metrics, string name) =>
        metrics.Where(line => line.StartsWith(name + "{", StringComparison.Ordinal));

    private static bool IsBusy(string line) => line.Contains("reason=\"busy\"", StringComparison.Ordinal);

    private static double Value(string line) => double.Parse(line.Split(' ')[^1], CultureInfo.InvariantCulture);
}
