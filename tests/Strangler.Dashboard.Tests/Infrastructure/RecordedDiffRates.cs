using System.Collections.Concurrent;
using Strangler.Gateway.Shadow;

namespace Strangler.Dashboard.Tests.Infrastructure;

/// <summary>
/// Shadow comparison outcomes a test records at given times, answered from that record; it also keeps every window it
/// was asked about, so a test can check the detail view asks step by step over its own time axis.
/// </summary>
public sealed class RecordedDiffRates : IShadowDiffRates
{
    private readonly ConcurrentQueue<(string Subdomain, DateTimeOffset At, long Compared, long Differing)> _outcomes = new();

    public ConcurrentQueue<(string Subdomain, DateTimeOffset From, DateTimeOffset To)> Asked { get; } = new();

    public void Record(string subdomain, DateTimeOffset at, long compared, long differing) =>
        _outcomes.Enqueue((subdomain, at, compared, differing));

    public ShadowDiffCounts Count(string subdomain, DateTimeOffset windowStart, DateTimeOffset windowEnd)
    {
        Asked.Enqueue((subdomain, windowStart, windowEnd));
        var within = _outcomes.Where(o => o.Subdomain == subdomain && o.At >= windowStart && o.At < windowEnd).ToList();
        return new ShadowDiffCounts(within.Sum(o => o.Compared), within.Sum(o => o.Differing));
    }
}
