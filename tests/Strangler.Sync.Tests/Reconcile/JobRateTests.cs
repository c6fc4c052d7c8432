using System.Diagnostics;
using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// <c>MaxKeysPerSecond</c> (<c>--max-rate</c>): a first fill or a reconcile that runs while the monolith serves its
/// users is held to what the legacy database can spare. Only a lower bound on the time is asserted: a busy machine
/// makes any job slower, never a limited one faster.
/// </summary>
public sealed class JobRateTests
{
    [Fact]
    public async Task A_load_at_500_keys_a_second_takes_at_least_the_time_its_rate_implies()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite, customers: 1500);
        harness.Options = harness.Options with { MaxKeysPerSecond = 500, BatchSize = 100 };

        var took = Stopwatch.StartNew();
        var load = await harness.LoadAsync();

        Assert.Equal(1500, load.KeysLoaded);
        // The bucket starts full (500 keys), the other 1,000 come at 500 a second.
        Assert.True(took.Elapsed >= TimeSpan.FromSeconds(1.8), $"loaded in {took.Elapsed}");
    }

    [Fact]
    public async Task A_reconcile_at_1000_keys_a_second_counts_both_of_its_phases()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Postgres, customers: 1500);
        await harness.LoadAsync();
        harness.Options = harness.Options with { MaxKeysPerSecond = 1000 };

        var took = Stopwatch.StartNew();
        var summary = await harness.ReconcileAsync();

        Assert.Equal(0, summary.TotalFindings);
        Assert.Equal((3000, 1500L), (summary.KeysChecked, summary.LegacyKeysChecked));
        // 1,500 legacy keys then 1,500 store ids: the bucket's 1,000, then 2,000 at 1,000 a second.
        Assert.True(took.Elapsed >= TimeSpan.FromSeconds(1.8), $"reconciled in {took.Elapsed}");
    }
}
