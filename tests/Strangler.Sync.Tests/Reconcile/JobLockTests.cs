using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Reconcile;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// One job per report: a second reconcile or load started on a report that a running job holds is refused, naming the
/// report, and leaves the running job's report and checkpoint alone.
/// </summary>
public sealed class JobLockTests
{
    [Fact]
    public async Task A_second_reconcile_on_a_running_jobs_report_is_refused_and_the_report_stays_whole()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite);
        await harness.LoadAsync();
        for (var id = 5L; id <= 2000; id += 100)
        {
            await harness.PlantAsync(new UpsertDocument(id, new Dictionary<string, object?> { ["fullName"] = "drift" }, harness.PlantPosition));
        }

        using var paused = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        var first = Task.Run(() => harness.ReconcileAsync(progress: p =>
        {
            if (p.KeysDone == 300)
            {
                paused.Release();
                release.Wait(TimeSpan.FromSeconds(60));
            }
        }));
        Assert.True(await paused.WaitAsync(TimeSpan.FromSeconds(60)), "the first job never reached its third batch");

        // The old code let both run: the --restart one cut the report the other was writing.
        var refused = await Assert.ThrowsAsync<JobLockedException>(() => harness.ReconcileAsync(restart: true));
        Assert.Contains("another reconcile is running", refused.Message);
        Assert.Contains(harness.ReportPath, refused.Message);
        await Assert.ThrowsAsync<JobLockedException>(() => harness.ReconcileAsync(restart: false));

        release.Set();
        var summary = await first;
        Assert.Equal(20, summary.TotalFindings);
        var ids = harness.Report().Select(f => f.GetProperty("id").GetString()).ToList();
        Assert.Equal(20, ids.Distinct().Count());
        Assert.Equal(20, ids.Count);

        // Released when the job ends: the next one runs.
        Assert.Equal(20, (await harness.ReconcileAsync()).TotalFindings);
    }

    [Fact]
    public async Task A_second_load_on_a_running_loads_report_is_refused()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite);
        using var paused = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        var first = Task.Run(() => harness.LoadAsync(progress: p =>
        {
            if (p.KeysDone == 300)
            {
                paused.Release();
                release.Wait(TimeSpan.FromSeconds(60));
            }
        }));
        Assert.True(await paused.WaitAsync(TimeSpan.FromSeconds(60)), "the first load never reached its third batch");

        var refused = await Assert.ThrowsAsync<JobLockedException>(() => harness.LoadAsync());
        Assert.Contains("another load is running", refused.Message);

        release.Set();
        Assert.Equal(2000, (await first).KeysLoaded);
        Assert.Equal(2000, (await harness.LoadAsync()).KeysLoaded);
    }
}
