using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Stores;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// A job stopped (Ctrl+C or SIGTERM cancel its token, see the CLI's <c>JobStop</c>) saves its place at the last batch
/// it committed, not at the last timed save, and goes on from there.
/// </summary>
public sealed class StoppedJobTests
{
    [Fact]
    public async Task A_stopped_reconcile_saves_its_place_at_its_last_batch_and_resumes_without_a_lost_or_repeated_finding()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite);
        await harness.LoadAsync();
        for (var id = 5L; id <= 2000; id += 100)
        {
            await harness.PlantAsync(new UpsertDocument(id, new Dictionary<string, object?> { ["fullName"] = "drift" }, harness.PlantPosition));
        }

        // No timed save during the run: only the stop can move the checkpoint past the start.
        harness.Options = harness.Options with { CheckpointInterval = TimeSpan.FromMinutes(10) };
        using var stop = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => harness.ReconcileAsync(
            progress: p =>
            {
                if (p.KeysDone == 700)
                {
                    stop.Cancel();
                }
            }, cancellationToken: stop.Token));

        var checkpoint = System.Text.Json.JsonDocument.Parse(File.ReadAllText(harness.ReportPath + ".checkpoint")).RootElement;
        // It stayed at 0: a stop lost the whole run. Batches already done when the stop came may commit too (the job
        // runs batches ahead of the one it commits, to go on while a batch waits for its recheck), up to phase 1's end.
        var done = checkpoint.GetProperty("KeysDone").GetInt64();
        Assert.InRange(done, 700, 2000);
        Assert.Equal(done / 100, harness.Report().Count); // one drifted document in every batch of 100 keys

        var resumed = await harness.ReconcileAsync(restart: false);

        var ids = harness.Report().Select(f => f.GetProperty("id").GetString()).ToList();
        Assert.Equal(20, ids.Count);
        Assert.Equal(20, ids.Distinct().Count());
        Assert.Equal(4000, resumed.KeysChecked);
    }
}
