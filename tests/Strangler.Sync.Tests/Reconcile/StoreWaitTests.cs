using System.Collections.Concurrent;
using LiteDB;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Reconcile;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// Bug: a reconcile beside a sync worker sat at "0 keys" for about 40 s, saying nothing: another process held the
/// LiteDB file (shared mode lets one process in at a time). While the store gives no answer, the job now says so,
/// naming the file, instead of a count that does not move.
/// </summary>
public sealed class StoreWaitTests
{
    [Fact]
    public async Task A_reconcile_kept_out_of_the_store_file_says_it_waits_for_it_and_goes_on_once_let_in()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite, customers: 50);
        await harness.LoadAsync();
        var reports = new ConcurrentQueue<ReconcileProgress>();

        // Another process's hold on the file, as a worker's long transaction makes it: LiteDB's named mutex, taken and
        // released on one thread.
        using var held = new ManualResetEventSlim();
        var holder = new Thread(() =>
        {
            using var other = new LiteDatabase(new ConnectionString { Filename = harness.StorePath, Connection = ConnectionType.Shared });
            other.BeginTrans();
            held.Set();
            Thread.Sleep(Reconciler.WaitShownAfter + TimeSpan.FromSeconds(2));
            other.Rollback();
        });
        holder.Start();
        held.Wait(TestContext.Current.CancellationToken);

        var summary = await harness.ReconcileAsync(progress: reports.Enqueue, cancellationToken: TestContext.Current.CancellationToken);
        holder.Join();

        var waiting = reports.Select(r => r.Waiting).OfType<string>().ToList();
        Assert.NotEmpty(waiting);
        Assert.All(waiting, w => Assert.Contains($"for the store file {Path.GetFullPath(harness.StorePath)}: another process holds it", w));
        Assert.All(reports.Where(r => r.Waiting is not null), r => Assert.Equal(0, r.KeysDone));
        // Let in, it goes on: the last report is a batch's, and the job ends clean.
        Assert.Null(reports.Last().Waiting);
        Assert.Equal(0, summary.TotalFindings);
        Assert.Equal(100, summary.KeysChecked);
    }
}
