using System.Collections.Concurrent;
using LiteDB;
using Strangler.LegacyDatabase.Dialects;
using Strangler.Sync.Hosting;
using Strangler.Sync.Reconcile;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// Bug: a reconcile beside a sync worker sat at "0 keys" for about 40 s, saying nothing: another process held the
/// LiteDB file (shared mode lets one process in at a time). While the store gives no answer, the job now says so,
/// naming the file, instead of a count that does not move; a load, which writes to the file, as much as a reconcile.
/// </summary>
public sealed class StoreWaitTests
{
    [Fact]
    public async Task A_reconcile_kept_out_of_the_store_file_says_it_waits_for_it_and_goes_on_once_let_in()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite, customers: 50);
        await harness.LoadAsync();
        var reports = new ConcurrentQueue<ReconcileProgress>();

        using (HoldFile(harness.StorePath))
        {
            var summary = await harness.ReconcileAsync(progress: reports.Enqueue, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(0, summary.TotalFindings);
            Assert.Equal(100, summary.KeysChecked);
        }

        SaidItWaited(harness, reports);
    }

    [Fact]
    public async Task A_load_kept_out_of_the_store_file_says_it_waits_for_it_and_goes_on_once_let_in()
    {
        await using var harness = await ReconcileHarness.CreateAsync(LegacyProvider.Sqlite, customers: 50);
        var reports = new ConcurrentQueue<ReconcileProgress>();

        using (HoldFile(harness.StorePath))
        {
            var summary = await harness.LoadAsync(progress: reports.Enqueue);
            Assert.Equal(50, summary.KeysLoaded);
            Assert.Equal(0, summary.Errors);
        }

        SaidItWaited(harness, reports);
        Assert.Equal(0, (await harness.ReconcileAsync(cancellationToken: TestContext.Current.CancellationToken)).TotalFindings);
    }

    [Fact]
    public async Task A_job_kept_out_of_the_store_file_as_it_opens_it_says_so_before_its_first_line()
    {
        // Opening a LiteDB file reads it, and waited for the other process's hold before the job printed anything.
        var path = Path.Combine(Path.GetTempPath(), $"strangler-{Guid.NewGuid():N}.db");
        try
        {
            new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Shared }).Dispose();
            var reports = new ConcurrentQueue<ReconcileProgress>();
            using (HoldFile(path))
            {
                using var store = (IDisposable)await StoreOpening.OpenAsync(
                    new StoreOptions { LiteDbPath = path }, "rows", reports.Enqueue, TimeProvider.System, TestContext.Current.CancellationToken);
            }

            Assert.NotEmpty(reports);
            Assert.All(reports, r => Assert.Equal(("rows", 0L, (long?)null), (r.Phase, r.KeysDone, r.KeysTotal)));
            Assert.All(reports, r => Assert.Contains($"for the store file {Path.GetFullPath(path)}: another process holds it", r.Waiting));
            Assert.All(reports, r => Assert.True(r.WaitedFor >= JobReports.WaitShownAfter, $"waited for: {r.WaitedFor}"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void SaidItWaited(ReconcileHarness harness, ConcurrentQueue<ReconcileProgress> reports)
    {
        var waiting = reports.Select(r => r.Waiting).OfType<string>().ToList();
        Assert.NotEmpty(waiting);
        Assert.All(waiting, w => Assert.Contains($"for the store file {Path.GetFullPath(harness.StorePath)}: another process holds it", w));
        Assert.All(reports.Where(r => r.Waiting is not null), r => Assert.Equal(0, r.KeysDone));
        Assert.All(reports.Where(r => r.Waiting is not null), r => Assert.True(r.WaitedFor >= JobReports.WaitShownAfter, $"waited for: {r.WaitedFor}"));
        // Let in, it goes on: the last report is a batch's.
        Assert.Null(reports.Last().Waiting);
    }

    // Another process's hold on the file, as a worker's long transaction makes it: LiteDB's named mutex, taken and
    // released on one thread, for longer than a job waits before it says so. Disposing waits for the release.
    private static Hold HoldFile(string path)
    {
        var held = new ManualResetEventSlim();
        var holder = new Thread(() =>
        {
            using var other = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Shared });
            other.BeginTrans();
            held.Set();
            Thread.Sleep(JobReports.WaitShownAfter + TimeSpan.FromSeconds(2));
            other.Rollback();
        });
        holder.Start();
        held.Wait(TestContext.Current.CancellationToken);
        return new Hold(holder, held);
    }

    private sealed class Hold(Thread holder, ManualResetEventSlim held) : IDisposable
    {
        public void Dispose()
        {
            holder.Join();
            held.Dispose();
        }
    }
}
