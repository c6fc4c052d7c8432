using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Strangler.Sync.Reconcile;

/// <summary>
/// The one job allowed on a report at a time: an exclusive lock on <c>&lt;report&gt;.lock</c>, held while the job runs.
/// Two jobs on one report both resumed from one checkpoint and wrote the same file, each at its own position: one
/// started with <c>--restart</c> cut the report to nothing while the other went on writing far past its end (a report
/// of NUL bytes and broken lines), and their checkpoints overwrote each other. The operating system drops the lock
/// when the process ends, however it ends (kill -9 included), so a job killed leaves only an empty file that blocks
/// nothing; a job that fails with an exception releases it and empties it on its way out.
/// </summary>
/// <remarks>
/// The lock is a byte-range lock far past the file's end, not the whole file (FileShare.None): a job refused can then
/// still read who holds it, which the file says (process id, host, start), where a whole-file lock hid that too. A
/// range lock is the process's, not the handle's, so jobs of one process are kept apart by <see cref="InProcess"/>.
/// </remarks>
internal sealed class JobLock : IDisposable
{
    // A byte no holder's line reaches; range locks past the end of a file are allowed on Unix and Windows alike.
    internal const long LockedByte = 1L << 40;

    // The reports this process holds, by full path: a second range lock by the same process is granted, and closing
    // its handle would release the first.
    private static readonly ConcurrentDictionary<string, Holder> InProcess = new(StringComparer.Ordinal);

    private readonly FileStream _file;
    private readonly string _fullPath;

    private JobLock(FileStream file, string fullPath)
    {
        _file = file;
        _fullPath = fullPath;
    }

    public static string PathFor(string reportPath) => reportPath + ".lock";

    /// <exception cref="JobLockedException">Another job holds the report; the message names it.</exception>
    /// <exception cref="IOException">The lock cannot be created beside the report; the message names the report and why.</exception>
    public static JobLock Acquire(string reportPath, string job)
    {
        var path = PathFor(reportPath);
        var fullPath = Path.GetFullPath(path);
        var holder = new Holder(job, Environment.ProcessId, Environment.MachineName, DateTimeOffset.UtcNow);
        if (!InProcess.TryAdd(fullPath, holder))
        {
            throw Held(reportPath, job, path, InProcess.GetValueOrDefault(fullPath), inner: null);
        }

        try
        {
            return Lock(reportPath, job, path, fullPath, holder);
        }
        catch
        {
            InProcess.TryRemove(fullPath, out _);
            throw;
        }
    }

    private static JobLock Lock(string reportPath, string job, string path, string fullPath, Holder holder)
    {
        FileStream file;
        try
        {
            // The file is kept: deleting it while another process opens it would let two jobs hold locks on two different files.
            // macOS has no range locks in .NET: the whole file is locked there, and a refusal names no holder.
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, OperatingSystem.IsMacOS() ? FileShare.None : FileShare.ReadWrite);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException && File.Exists(path))
        {
            // Held whole by an older Strangler (FileShare.None), or on macOS: no holder can be read.
            throw Held(reportPath, job, path, holder: null, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The first file a job opens beside its report: what keeps it from being made keeps the report too.
            throw ReportLocation.Unwritable(reportPath, ex);
        }

        if (!OperatingSystem.IsMacOS())
        {
            try
            {
                file.Lock(LockedByte, 1);
            }
            catch (IOException ex)
            {
                var other = Holder.Read(file);
                file.Dispose();
                throw Held(reportPath, job, path, other, ex);
            }
        }

        var jobLock = new JobLock(file, fullPath);
        jobLock.Write(holder);
        return jobLock;
    }

    public void Dispose()
    {
        try
        {
            // An empty file names no holder: the next job, refused by nothing, starts.
            Write(null);
        }
        catch (IOException)
        {
            // Only the holder's line is lost; the lock itself goes with the handle.
        }

        _file.Dispose();
        InProcess.TryRemove(_fullPath, out _);
    }

    private void Write(Holder? holder)
    {
        _file.SetLength(0);
        if (holder is not null)
        {
            _file.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(holder)));
        }

        _file.Flush();
    }

    private static JobLockedException Held(string reportPath, string job, string path, Holder? holder, Exception? inner)
    {
        var by = holder is null
            ? ""
            : string.Create(CultureInfo.InvariantCulture, $", process {holder.Pid} on {holder.Host} since {holder.Started:yyyy-MM-dd HH:mm:ss}Z");
        // On this host the lock is the live process's; one from another host may outlive it on a shared volume.
        var elsewhere = holder is not null && !string.Equals(holder.Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase)
            ? $"; if no such process runs on {holder.Host} any more, delete '{path}'"
            : "";
        return new JobLockedException(
            $"another {holder?.Job ?? job} is running on the report '{reportPath}' (it holds '{path}'{by}): wait for it to end or stop it, " +
            $"or give this one another --report{elsewhere}", inner);
    }

    /// <summary>Who holds the lock, as its file says.</summary>
    internal sealed record Holder(string Job, int Pid, string Host, DateTimeOffset Started)
    {
        public static Holder? Read(FileStream file)
        {
            try
            {
                file.Position = 0;
                var text = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true).ReadToEnd();
                return text.Length == 0 ? null : JsonSerializer.Deserialize<Holder>(text);
            }
            catch (Exception ex) when (ex is IOException or JsonException or NotSupportedException)
            {
                return null; // being written, or not a holder's line: the refusal names no holder
            }
        }
    }
}
