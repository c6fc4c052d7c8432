using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Reconcile.Continuous;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// A batch that found a difference waits <c>RecheckDelay</c> for its second look without holding one of the job's
/// connections: with a difference in every batch, a job used to run one batch a connection per delay (about 1,000
/// keys a second at the defaults), a million keys in some 17 minutes of waiting. The worker's continuous check, one batch
/// after another, took <c>RecheckDelay</c> for each batch with a difference.
/// </summary>
public sealed class RecheckWaitTests
{
    public static TheoryData<LegacyProvider> Providers => [LegacyProvider.Postgres, LegacyProvider.Sqlite];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Batches_waiting_for_their_recheck_leave_the_connections_to_the_batches_after_them(LegacyProvider provider)
    {
        await using var harness = await ReconcileHarness.CreateAsync(provider);
        await harness.LoadAsync();
        // One differing key in each of the 20 batches of 100 keys; 3 batches at once.
        await harness.Legacy.ExecAsync("UPDATE crm_customers SET name = 'Renamed' WHERE id % 100 = 50");
        harness.Options = harness.Options with { RecheckDelay = TimeSpan.FromMinutes(1) };
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new LooksCountingStore(harness.Store);

        var job = harness.ReconcileAsync(store: store, time: time);

        await FirstLooksThenRechecksAsync(job, store, batches: 20, time, concurrency: 3);

        Assert.Equal(20, (await job).Findings["different"]);
        Assert.Equal(40, store.Looks);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"crm-customers:different:{i * 100 + 50}"),
            harness.Report().Select(f => f.GetProperty("id").GetString()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_continuous_checks_batches_read_one_at_a_time_and_wait_for_their_rechecks_together(LegacyProvider provider)
    {
        await using var harness = await ReconcileHarness.CreateAsync(provider, customers: 300);
        await harness.LoadAsync();
        // Every key differs, so each of the sample's 6 batches of 100 (300 legacy keys, 300 store ids) has something to
        // look at again.
        await harness.Legacy.ExecAsync("UPDATE crm_customers SET name = 'Renamed'");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new LooksCountingStore(harness.Store);
        var options = harness.Options with { SampleSizePerMinute = 1000, RecheckDelay = TimeSpan.FromMinutes(1) };
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var board = new DriftBoard(meters.GetRequiredService<IMeterFactory>());
        var service = new ContinuousReconcileService([harness.Projection], CustomerDataSet.Reader(harness.Legacy), store, options,
            board, time, NullLogger<ContinuousReconcileService>.Instance);

        await FirstLooksThenRechecksAsync(service.CheckAllAsync(TestContext.Current.CancellationToken), store, batches: 6, time, concurrency: 1);

        var result = Assert.Single(board.Latest);
        Assert.Equal((600, 600, 300, 300), (result.Sampled, result.Differing, result.SampledFromNew, result.DifferingFromNew));
        Assert.Equal(12, store.Looks);
    }

    /// <summary>
    /// While the clock stands still no recheck is due: asserts that every batch has its first look meanwhile, never more
    /// than <paramref name="concurrency"/> at once, then moves the clock on until <paramref name="job"/> ends.
    /// </summary>
    private static async Task FirstLooksThenRechecksAsync(Task job, LooksCountingStore store, int batches, FakeTimeProvider time, int concurrency)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (store.Looks < batches && !job.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.False(job.IsCompleted, "the job ended before its rechecks were due");
        Assert.True(store.Looks == batches, $"{store.Looks} of the {batches} batches had their first look while the others waited for their recheck");

        // The last batches may still be between their first look and the start of their wait: the clock moves on
        // until every recheck has been due.
        while (!job.IsCompleted && DateTime.UtcNow < deadline)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await Task.WhenAny(job, Task.Delay(50, TestContext.Current.CancellationToken));
        }

        Assert.True(job.IsCompleted, "the job did not end once its rechecks were due");
        Assert.InRange(store.MostAtOnce, 1, concurrency);
        await job;
    }
}
