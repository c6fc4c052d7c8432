using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Reconcile;

namespace Strangler.Sync.Tests.Reconcile.RepairLegacy;

/// <summary>A repairing job killed mid-way and resumed: every repair is reported once, none is made twice.</summary>
public sealed class ResumedRepairTests
{
    [Theory]
    [MemberData(nameof(LegacyRepairRig.Providers), MemberType = typeof(LegacyRepairRig))]
    // Bug: a batch's repair commits before its findings reach the checkpointed report. The resumed job checked those
    // keys again, found them in step, and the report and the summary lost repairs that had been made.
    public async Task A_repair_killed_before_its_checkpoint_reports_every_repair_once_when_resumed(LegacyProvider provider)
    {
        await using var harness = await ReconcileHarness.CreateAsync(provider, customers: 1000);
        await harness.LoadAsync();
        // One drifted customer in each batch of 100 keys; no checkpoint after the job's first, so the kill loses every
        // batch done so far.
        await harness.Legacy.ExecAsync("UPDATE crm_customers SET name = 'Drift' WHERE id % 100 = 5");
        harness.Options = harness.Options with { CheckpointInterval = TimeSpan.FromHours(1) };

        using var kill = new CancellationTokenSource();
        var batches = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LegacyRepairRig.RunAsync(harness,
            progress: p =>
            {
                if (p.KeysDone > 0 && ++batches == 4)
                {
                    kill.Cancel();
                }
            }, cancellationToken: kill.Token));
        var repairedBeforeTheKill = await RepairEventsAsync(harness);
        Assert.InRange(repairedBeforeTheKill, 4, 10);
        Assert.True(File.Exists(RepairJournal.PathFor(harness.ReportPath)));

        var resumed = await LegacyRepairRig.RunAsync(harness, restart: false);

        var ids = harness.Report().Select(f => f.GetProperty("id").GetString()!).ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(b => $"crm-customers:different:{b * 100 + 5}").Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        Assert.All(harness.Report(), f => Assert.Equal("legacy", f.GetProperty("repaired").GetString()));
        Assert.Equal(10, resumed.TotalFindings);
        Assert.Equal(10, resumed.Repaired);
        Assert.Equal(2000, resumed.KeysChecked);
        Assert.Equal(10, await RepairEventsAsync(harness)); // each key repaired once
        Assert.False(File.Exists(RepairJournal.PathFor(harness.ReportPath)));
        Assert.Equal(0, (await harness.ReconcileAsync()).TotalFindings);
    }

    [Fact]
    // The same for the new side: its repairs commit in the check, before the report is checkpointed.
    public async Task A_repair_of_the_new_side_killed_before_its_checkpoint_reports_every_repair_once_when_resumed()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite, customers: 1000);
        await harness.LoadAsync();
        await harness.Legacy.ExecAsync("UPDATE crm_customers SET name = 'Drift' WHERE id % 100 = 5");
        harness.Options = harness.Options with { CheckpointInterval = TimeSpan.FromHours(1) };

        using var kill = new CancellationTokenSource();
        var batches = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.ReconcileAsync(repair: "new",
            progress: p =>
            {
                if (p.KeysDone > 0 && ++batches == 4)
                {
                    kill.Cancel();
                }
            }, cancellationToken: kill.Token));

        var resumed = await harness.ReconcileAsync(repair: "new", restart: false);

        Assert.Equal(10, resumed.TotalFindings);
        Assert.Equal(10, resumed.Repaired);
        Assert.All(harness.Report(), f => Assert.Equal("new", f.GetProperty("repaired").GetString()));
        Assert.Equal(10, harness.Report().Select(f => f.GetProperty("id").GetString()).Distinct().Count());
    }

    private static Task<long> RepairEventsAsync(ReconcileHarness harness) =>
        LegacyRepairRig.CountAsync(harness, "SELECT COUNT(*) FROM strangler_applied_events WHERE event_type = 'CustomerReconciled'");
}
