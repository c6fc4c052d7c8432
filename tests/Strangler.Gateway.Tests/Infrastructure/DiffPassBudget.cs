using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Tests.Infrastructure;

/// <summary>
/// A shadow diff source shared by a fleet's replicas that answers "clean" a set number of times, then "too little
/// compared". With a plan whose bake equals its interval every passing evaluation promotes, so the test decides how
/// many steps the rollout may take, whichever replica evaluates, and can see that a paused rollout evaluated nothing.
/// </summary>
public sealed class DiffPassBudget : IShadowDiffRates
{
    private int _passes;

    /// <summary>Passing answers not yet given.</summary>
    public int Left => Volatile.Read(ref _passes);

    public void Allow(int passes) => Interlocked.Add(ref _passes, passes);

    public ShadowDiffCounts Count(string subdomain, DateTimeOffset windowStart, DateTimeOffset windowEnd)
    {
        while (true)
        {
            var left = Volatile.Read(ref _passes);
            if (left <= 0)
            {
                return new ShadowDiffCounts(1, 0);
            }

            if (Interlocked.CompareExchange(ref _passes, left - 1, left) == left)
            {
                return new ShadowDiffCounts(100, 0);
            }
        }
    }
}
