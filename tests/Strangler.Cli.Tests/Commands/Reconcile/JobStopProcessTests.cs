using System.Diagnostics;
using System.Text.RegularExpressions;
using Strangler.Cli.Tests.Campaigns;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Reconcile;

/// <summary>
/// A real <c>strangler load</c> and <c>strangler reconcile</c> process, in a process group of its own, stopped by
/// SIGTERM or SIGINT (Ctrl+C) in the middle of its rows: it exits 130 within a bound, says where its place is saved,
/// and the same command run again finishes the job with the result of an uninterrupted run. A second signal ends a
/// stop that cannot finish.
/// </summary>
public sealed class JobStopProcessTests
{
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(ProcessGroup.SigTerm)]
    [InlineData(ProcessGroup.SigInt)]
    public async Task A_stopped_load_saves_its_place_and_the_same_command_loads_every_row_exactly_once(int signal)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "POSIX signals to a process group (setsid).");
        const int rows = 20_000;
        await using var job = await CrmJob.CreateAsync(Enumerable.Range(1, rows).Select(i => (long)i));
        var report = job.Directory.Combine("load.ndjson");
        // Small batches, one at a time: long enough to be stopped in the middle on an idle machine.
        var arguments = job.Arguments("load", report, "--Strangler:Sync:Reconcile:BatchSize=50", "--Strangler:Sync:Reconcile:Concurrency=1");

        var (done, log) = await StopMidJobAsync(job, arguments, report, signal, "load crm");

        Assert.InRange(done, 1, rows - 1);
        var resumed = await CliProcess.RunAsync(arguments);
        Assert.True(resumed.ExitCode == 0, $"{resumed}\nstopped run:\n{log}");
        Assert.Contains($"rows: resuming after {CrmJob.Text(done)}/{CrmJob.Text(rows)} keys", resumed.Output);
        Assert.Matches($@"(?m)^crm: {rows} keys loaded in .*, 0 errors", resumed.Output);
        var ids = job.StoredIds();
        Assert.Equal(rows, ids.Count);
        Assert.Equal(Enumerable.Range(1, rows).Select(i => (long)i), ids.Order());
    }

    [Theory]
    [InlineData(ProcessGroup.SigTerm)]
    [InlineData(ProcessGroup.SigInt)]
    public async Task A_stopped_reconcile_saves_its_place_and_the_same_command_reports_what_an_uninterrupted_run_does(int signal)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "POSIX signals to a process group (setsid).");
        const int rows = 4_000;
        await using var job = await CrmJob.CreateAsync(Enumerable.Range(1, rows).Select(i => 2L * i)); // even keys
        var load = await CliProcess.RunAsync(job.Arguments("load", job.Directory.Combine("load.ndjson")));
        Assert.True(load.ExitCode == 0, load.ToString());
        // Drift of all three kinds in about one batch of 100 keys in four: each such batch waits the recheck delay, and
        // the batches after it are committed only after it, which keeps each phase running for a second or more
        // however fast the machine.
        await job.ExecuteAsync("""
            UPDATE crm SET name = 'drift' WHERE id % 800 = 0;
            DELETE FROM crm WHERE id % 2000 = 200;
            INSERT INTO crm SELECT id, 'new ' || id FROM generate_series(1001, 8000, 1000) AS id;
            """);
        string[] Arguments(string report) => job.Arguments("reconcile", report,
            "--Strangler:Sync:Reconcile:BatchSize=100", "--Strangler:Sync:Reconcile:Concurrency=1",
            "--Strangler:Sync:Reconcile:RecheckDelay=00:00:01", "--Strangler:Sync:Reconcile:CheckpointInterval=00:00:00.2");
        var whole = job.Directory.Combine("whole.ndjson");
        var uninterrupted = await CliProcess.RunAsync(Arguments(whole));
        Assert.True(uninterrupted.ExitCode == 3, uninterrupted.ToString());
        var expected = CrmJob.FindingIds(whole);
        Assert.Equal(10 + 4 + 7, expected.Count); // different, missing-in-legacy, missing-in-new

        var report = job.Directory.Combine("stopped.ndjson");
        var (done, log) = await StopMidJobAsync(job, Arguments(report), report, signal, "reconcile crm");

        var resumed = await CliProcess.RunAsync(Arguments(report));
        Assert.True(resumed.ExitCode == 3, $"{resumed}\nstopped run:\n{log}");
        Assert.Matches($"(legacy keys|store ids): resuming after {CrmJob.Text(done)}[/ ]", resumed.Output);
        var found = CrmJob.FindingIds(report);
        Assert.Equal(found.Count, found.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(expected.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
        Assert.Equal(Summary(uninterrupted.Output), Summary(resumed.Output));
    }

    [Theory]
    [InlineData(ProcessGroup.SigTerm)]
    [InlineData(ProcessGroup.SigInt)]
    public async Task A_second_signal_ends_a_stop_that_waits_for_its_batch_and_the_next_run_loses_nothing(int signal)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "POSIX signals to a process group (setsid).");
        const int rows = 5_000; // the held store keeps it in the middle
        await using var job = await CrmJob.CreateAsync(Enumerable.Range(1, rows).Select(i => (long)i));
        var report = job.Directory.Combine("load.ndjson");
        // The place saved after every batch: while the checkpoint moves, a batch is getting through.
        var arguments = job.Arguments("load", report, "--Strangler:Sync:Reconcile:BatchSize=50", "--Strangler:Sync:Reconcile:Concurrency=1",
            "--Strangler:Sync:Reconcile:CheckpointInterval=00:00:00");
        var log = job.Directory.Combine("stopped.log");
        using var process = ProcessGroup.StartStrangler(job.Directory.Path, log, arguments);
        await WaitUntilRunningAsync(process, report, log);

        Stopwatch killed;
        using (var holder = StoreHolder.Hold(job.StorePath))
        {
            // Another process in the middle of a write (a worker, say): the job's next batch waits for the file, and
            // the stop waits for that batch. A batch still reading the legacy rows would end at the stop instead, so
            // the signal goes once the checkpoint has stood still for a second.
            var checkpoint = report + ".checkpoint";
            Assert.True(await Eventually.TrueAsync(() => DateTime.UtcNow - File.GetLastWriteTimeUtc(checkpoint) > TimeSpan.FromSeconds(1)),
                $"the job went on while the store was held:\n{CrmJob.ReadLog(log)}");
            process.Signal(signal);
            Assert.False(await process.WaitForExitAsync(TimeSpan.FromSeconds(2)), $"the stop did not wait for its batch:\n{CrmJob.ReadLog(log)}");

            process.Signal(signal);
            killed = Stopwatch.StartNew();
            Assert.True(await process.WaitForExitAsync(StopBound), $"a second signal did not end the process:\n{CrmJob.ReadLog(log)}");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"second {signal}: ended in {killed.ElapsedMilliseconds} ms, exit {process.ExitCode}");
        Assert.DoesNotContain("stopped; its place is saved", CrmJob.ReadLog(log));
        var resumed = await CliProcess.RunAsync(arguments);
        Assert.True(resumed.ExitCode == 0, $"{resumed}\nkilled run:\n{CrmJob.ReadLog(log)}");
        Assert.Matches($@"(?m)^crm: {rows} keys loaded in .*, 0 errors", resumed.Output);
        Assert.Equal(Enumerable.Range(1, rows).Select(i => (long)i), job.StoredIds().Order());
    }

    [Fact]
    public async Task A_load_stopped_before_its_first_batch_does_not_claim_a_saved_place_and_the_same_command_runs_it_whole()
    {
        // It said "its place is saved in '<report>.checkpoint'", a file that did not exist.
        Assert.SkipUnless(OperatingSystem.IsLinux(), "POSIX signals to a process group (setsid).");
        const int rows = 1_000;
        await using var job = await CrmJob.CreateAsync(Enumerable.Range(1, rows).Select(i => (long)i));
        var report = job.Directory.Combine("load.ndjson");
        var arguments = job.Arguments("load", report);
        var log = job.Directory.Combine("stopped.log");
        await using (var transaction = await job.HoldTransactionAsync())
        {
            using var process = ProcessGroup.StartStrangler(job.Directory.Path, log, arguments);
            Assert.True(await Eventually.TrueAsync(async () => process.HasExited || await job.WaitingForPositionAsync()), "the load never waited for its position");

            process.Signal(ProcessGroup.SigTerm);

            Assert.True(await process.WaitForExitAsync(StopBound), $"the load did not exit within {StopBound.TotalSeconds} s:\n{CrmJob.ReadLog(log)}");
            var text = CrmJob.ReadLog(log);
            Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}:\n{text}");
            Assert.Contains("load crm: stopped before its first batch; this run saved no place. Run the same command again to start it.", text);
            Assert.DoesNotContain("its place is saved", text);
            Assert.False(File.Exists(report + ".checkpoint"));
        }

        var resumed = await CliProcess.RunAsync(arguments);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains($"rows: starting, {rows} keys to load", resumed.Output);
        Assert.Equal(Enumerable.Range(1, rows).Select(i => (long)i), job.StoredIds().Order());
    }

    /// <summary>
    /// Runs the job until its checkpoint shows keys done, sends <paramref name="signal"/>, and checks the stop: exit 130
    /// within the bound, the stop line, a checkpoint. Returns the keys the checkpoint says are done, and the log.
    /// </summary>
    private static async Task<(long Done, string Log)> StopMidJobAsync(CrmJob job, string[] arguments, string report, int signal, string name)
    {
        var log = job.Directory.Combine("stopped.log");
        using var process = ProcessGroup.StartStrangler(job.Directory.Path, log, arguments);
        var running = await WaitUntilRunningAsync(process, report, log);

        process.Signal(signal);
        var clock = Stopwatch.StartNew();
        var exited = await process.WaitForExitAsync(StopBound);
        var text = CrmJob.ReadLog(log);
        Assert.True(exited, $"{name} did not exit within {StopBound.TotalSeconds} s of signal {signal}:\n{text}");
        TestContext.Current.TestOutputHelper?.WriteLine($"{name}, signal {signal}: exited in {clock.ElapsedMilliseconds} ms");
        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}:\n{text}");
        Assert.Contains($"{name}: stopped; its place is saved in '{report}.checkpoint'. Run the same command again to go on from there (--restart starts over).", text);
        Assert.DoesNotContain("keys loaded", text);
        Assert.DoesNotContain("keys checked", text);
        var done = CrmJob.KeysDone(report);
        Assert.NotNull(done);
        // Saved at its last finished batch, not left at the last timed save.
        Assert.True(done >= running, $"the checkpoint went back from {running} to {done} keys");
        return (done.Value, text);
    }

    /// <summary>Waits for the job's first timed save with keys done: the job is in the middle of its rows.</summary>
    private static async Task<long> WaitUntilRunningAsync(ProcessGroup process, string report, string log)
    {
        long done = 0;
        var running = await Eventually.TrueAsync(() => !process.HasExited && (done = CrmJob.KeysDone(report) ?? 0) > 0);
        Assert.True(running, $"the job did not get going (exited: {process.HasExited}):\n{CrmJob.ReadLog(log)}");
        return done;
    }

    // "crm: 5005 legacy keys and 5005 store ids checked in 3.2 s, 40 findings" and the counts by kind, without the time.
    private static string Summary(string output) =>
        Regex.Replace(output[output.IndexOf("crm: ", StringComparison.Ordinal)..output.IndexOf("report: ", StringComparison.Ordinal)], @" in \d+\.\d s", "");
}
