using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>A shadow diff source the test sets: what the rollout's diff gate reads when shadow traffic is on.</summary>
public sealed class ControllableDiffRates : IShadowDiffRates
{
    public ShadowDiffCounts Counts { get; set; }

    public List<(string Subdomain, DateTimeOffset From, DateTimeOffset To)> Asked { get; } = [];

    public ShadowDiffCounts Count(string subdomain, DateTimeOffset windowStart, DateTimeOffset windowEnd)
    {
        lock (Asked)
        {
            Asked.Add((subdomain, windowStart, windowEnd));
        }

        return Counts;
    }
}
