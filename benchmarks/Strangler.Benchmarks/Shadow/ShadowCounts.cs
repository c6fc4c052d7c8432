using System.Globalization;

namespace Strangler.Benchmarks.Shadow;

/// <summary>
/// What became of a gateway's shadows, read from its <c>/metrics</c>: differences of two readings give one run's
/// share, so the table can say how many requests were really shadowed while the latency was measured.
/// </summary>
internal sealed record ShadowCounts(double Sent, double Compared, double DroppedBusy, double DroppedOther, double TimedOut)
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
            Lines(metrics, "strangler_gateway_shadow_timeouts_total").Sum(Value));
    }

    public static ShadowCounts operator +(ShadowCounts left, ShadowCounts right) => new(left.Sent + right.Sent,
        left.Compared + right.Compared, left.DroppedBusy + right.DroppedBusy, left.DroppedOther + right.DroppedOther, left.TimedOut + right.TimedOut);

    public static ShadowCounts operator -(ShadowCounts left, ShadowCounts right) => new(left.Sent - right.Sent,
        left.Compared - right.Compared, left.DroppedBusy - right.DroppedBusy, left.DroppedOther - right.DroppedOther, left.TimedOut - right.TimedOut);

    /// <summary>One line: of <paramref name="requests"/> requests, how many were shadowed and compared, and how many dropped why.</summary>
    public string Describe(long requests) => string.Create(CultureInfo.InvariantCulture,
        $"{Compared:F0} of {requests} requests compared ({(requests == 0 ? 0 : 100 * Compared / requests):F1} %), " +
        $"{DroppedBusy:F0} dropped as busy, {DroppedOther:F0} dropped otherwise, {TimedOut:F0} timed out");

    private static IEnumerable<string> Lines(string[] metrics, string name) =>
        metrics.Where(line => line.StartsWith(name + "{", StringComparison.Ordinal));

    private static bool IsBusy(string line) => line.Contains("reason=\"busy\"", StringComparison.Ordinal);

    private static double Value(string line) => double.Parse(line.Split(' ')[^1], CultureInfo.InvariantCulture);
}
