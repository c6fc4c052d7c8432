using System.Diagnostics;
using Strangler.Sync.Reconcile;

namespace Strangler.Sync.Tests.Reconcile;

/// <summary>
/// A report's lock says who holds it: a job refused named only the lock file, so an operator could not tell a running
/// job from one on another host whose lock outlived it on a shared volume, nor which process to look for.
/// </summary>
public sealed class JobLockHolderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("strangler-joblock-").FullName;

    private string Report => Path.Combine(_directory, "reconcile-crm.ndjson");

    [Fact]
    public void A_refusal_names_the_holders_process_host_and_start()
    {
        using (JobLock.Acquire(Report, "load"))
        {
            var refused = Assert.Throws<JobLockedException>(() => JobLock.Acquire(Report, "reconcile"));

            Assert.Contains($"another load is running on the report '{Report}' (it holds '{Report}.lock', process {Environment.ProcessId} on {Environment.MachineName} since 20", refused.Message);
            Assert.DoesNotContain("delete", refused.Message); // this host's lock is a live process's
        }

        // Released and emptied on the way out, as by a job that failed: the next one runs.
        Assert.Equal(0, new FileInfo(Report + ".lock").Length);
        using var next = JobLock.Acquire(Report, "reconcile");
    }

    [Fact]
    public async Task A_lock_held_on_another_host_is_refused_naming_it_and_how_to_remove_it_and_goes_with_its_process()
    {
        // Another process holding the lock as a job on another host would on a shared volume: fcntl's range lock, which
        // .NET's FileStream.Lock takes too, with the holder's line in the file.
        var holderLine = """{"Job":"load","Pid":4242,"Host":"other-host","Started":"2026-12-01T10:00:00+00:00"}""";
        var script = $"import fcntl,os,sys,time\nf=open(sys.argv[1],'a+')\nf.truncate(0)\nf.write(sys.argv[2])\nf.flush()\n" +
            $"fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, {JobLock.LockedByte}, 0)\nprint('held', flush=True)\ntime.sleep(120)\n";
        using var holder = Process.Start(new ProcessStartInfo("python3") { ArgumentList = { "-c", script, Report + ".lock", holderLine }, RedirectStandardOutput = true })!;
        try
        {
            Assert.Equal("held", await holder.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken));

            var refused = Assert.Throws<JobLockedException>(() => JobLock.Acquire(Report, "reconcile"));

            Assert.Contains("another load is running", refused.Message);
            Assert.Contains("process 4242 on other-host since 2026-12-01 10:00:00Z", refused.Message);
            Assert.Contains($"if no such process runs on other-host any more, delete '{Report}.lock'", refused.Message);
        }
        finally
        {
            holder.Kill();
            await holder.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        // Killed, it holds nothing: its line is left in the file, and the next job takes the lock over all the same.
        using var next = JobLock.Acquire(Report, "reconcile");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
