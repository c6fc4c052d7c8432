using Strangler.Gateway.Canary;

namespace Strangler.Gateway.Tests.Canary;

public sealed class CanaryBucketTests
{
    [Fact]
    public void Of_SameCohortAndKey_IsStable()
    {
        // Pinned value (XXH3-64 of "customers\0user-1" mod 10000; checked with the reference implementation:
        // printf 'customers\0user-1' | xxhsum -H3 gives 9a6cca08079bd971). A change to the hashing would move real
        // users between sides on upgrade.
        Assert.Equal(CanaryBucket.Of("customers", "user-1"), CanaryBucket.Of("customers", "user-1"));
        Assert.Equal(6369, CanaryBucket.Of("customers", "user-1"));
    }

    [Fact]
    public void Of_SeparatorKeepsCohortAndKeyApart()
    {
        Assert.NotEqual(CanaryBucket.Of("ab", "c"), CanaryBucket.Of("a", "bc"));
    }

    [Fact]
    public void IsNew_RaisingPercentage_OnlyMovesUsersFromLegacyToNew()
    {
        var buckets = Enumerable.Range(0, 5000).Select(i => CanaryBucket.Of("cohort", $"user-{i}")).ToArray();
        var previous = buckets.Select(_ => false).ToArray();
        for (var percentage = 0; percentage <= 100; percentage += 5)
        {
            var current = buckets.Select(b => CanaryBucket.IsNew(b, percentage)).ToArray();
            Assert.DoesNotContain(Enumerable.Range(0, buckets.Length), i => previous[i] && !current[i]);
            var share = current.Count(x => x) / (double)buckets.Length;
            Assert.InRange(share, percentage / 100.0 - 0.03, percentage / 100.0 + 0.03);
            previous = current;
        }

        Assert.All(previous, Assert.True);
    }
}
