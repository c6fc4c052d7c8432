namespace Strangler.Sync.Reconcile;

/// <summary>
/// The one job allowed on a report at a time: an exclusive lock on <c>&lt;report&gt;.lock</c>, held while the job runs.
/// Two jobs on one report both resumed from one checkpoint and wrote the same file, each at its own position: one
/// started with <c>--restart</c> cut the report to nothing while the other went on writing far past its end (a report
/// of NUL bytes and broken lines), and their checkpoints overwrote each other. The operating system drops the lock
/// when the process ends, however it ends (kill -9 included), so a job killed leaves nothing to clean up.
/// </summary>
internal sealed class JobLock : IDisposable
{
    private readonly FileStream _file;

    private JobLock(FileStream file) => _file = file;

    public static string PathFor(string reportPath) => reportPath + ".lock";

    /// <exception cref="InvalidOperationException">Another job holds the report.</exception>
    /// <exception cref="IOException">The lock cannot be created beside the report; the message names the report and why.</exception>
    public static JobLock Acquire(string reportPath, string job)
    {
        var path = PathFor(reportPath);
        try
        {
            // FileShare.None is an exclusive, non-blocking flock on Unix and a sharing mode on Windows. The file is
            // kept: deleting it while another process opens it would let two jobs hold locks on two different files.
            return new JobLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException && File.Exists(path))
        {
            throw new InvalidOperationException(
                $"another {job} is running on the report '{reportPath}' (it holds '{path}'): wait for it to end or stop it, or give this one another --report",
                ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The first file a job opens beside its report: what keeps it from being made keeps the report too.
            throw ReportLocation.Unwritable(reportPath, ex);
        }
    }

    public void Dispose() => _file.Dispose();
}
