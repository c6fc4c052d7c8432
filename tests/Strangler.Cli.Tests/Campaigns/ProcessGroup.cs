using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Strangler.Cli.Tests.Campaigns;

/// <summary>
/// A <c>strangler</c> command run as a real process in a process group of its own (<c>setsid</c>), so that SIGKILL
/// reaches it and everything it started, and nothing outlives the test. Output goes to a log file.
/// </summary>
internal sealed class ProcessGroup : IDisposable
{
    public const int SigInt = 2;
    public const int SigTerm = 15;
    private const int SigKill = 9;
    private const int SigCont = 18;
    private const int SigStop = 19;
    private readonly Process _process;

    private ProcessGroup(Process process, string log)
    {
        _process = process;
        Log = log;
    }

    public int Id => _process.Id;

    public string Log { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once it has exited (128 + the signal's number when a signal ended it).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>dotnet strangler.dll &lt;args&gt;</c> in <paramref name="directory"/>, its output appended to <paramref name="log"/>.</summary>
    public static ProcessGroup StartStrangler(string directory, string log, params string[] args) =>
        StartStrangler(new Dictionary<string, string>(), directory, log, args);

    /// <summary>As <see cref="StartStrangler(string, string, string[])"/>, with <paramref name="environment"/> added (secrets stay off the command line).</summary>
    public static ProcessGroup StartStrangler(IReadOnlyDictionary<string, string> environment, string directory, string log, params string[] args)
    {
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = directory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        // env puts SIGINT and SIGTERM back to their default before dotnet starts: a test runner started in the
        // background of a script (cmd &) ignores SIGINT, children inherit that, and .NET then leaves an ignored signal
        // ignored (PosixSignalRegistration registers nothing), so Ctrl+C would reach a job that cannot hear it. A
        // terminal's foreground job, which the signals stand for, has them at their default.
        foreach (var argument in (string[])["env", "--default-signal=INT,TERM", "dotnet", Path.Combine(AppContext.BaseDirectory, "strangler.dll"), .. args])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("setsid did not start");
        var writer = TextWriter.Synchronized(new StreamWriter(log, append: true, Encoding.UTF8) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => Write(writer, e.Data);
        process.ErrorDataReceived += (_, e) => Write(writer, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var group = new ProcessGroup(process, log);
        // setsid forks only when the caller already leads a group; a child of the test runner does not, so the pid it
        // runs under becomes the new group's id once setsid() ran. Waited for, since a signal to a group that does not
        // exist yet reaches nobody.
        var waited = Stopwatch.StartNew();
        while (ProcessGroupOf(process.Id) != process.Id)
        {
            if (process.HasExited)
            {
                // Had setsid forked, the pid held here would be its parent, gone at once with exit 0, while strangler
                // ran on under another pid and group, out of reach of every signal sent to this one.
                throw new InvalidOperationException($"setsid exited ({process.ExitCode}) before {process.Id} led a group of its own: it forked, or strangler ended at once.");
            }

            if (waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                process.Kill();
                throw new InvalidOperationException($"setsid did not make {process.Id} lead a process group of its own.");
            }

            Thread.Sleep(5);
        }

        return group;
    }

    /// <summary>SIGSTOP to the whole group: every thread stops at once, as in a container or VM freeze.</summary>
    public void Freeze() => _ = Kill(-_process.Id, SigStop);

    /// <summary>SIGCONT to the whole group, after <see cref="Freeze"/>.</summary>
    public void Thaw() => _ = Kill(-_process.Id, SigCont);

    /// <summary>SIGKILL to the whole group, then waits until the process is gone.</summary>
    public void KillGroup()
    {
        _ = Kill(-_process.Id, SigKill);
        _process.WaitForExit(10_000);
    }

    /// <summary>Sends <paramref name="signal"/> to the whole group, as a terminal sends Ctrl+C to its foreground job.</summary>
    public void Signal(int signal)
    {
        if (Kill(-_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill(-{_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Whether it exited within <paramref name="bound"/>; its output is all in the log once it has.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM to the group (a graceful stop), SIGKILL if it is still running after <paramref name="grace"/>.</summary>
    public async Task<bool> StopAsync(TimeSpan grace)
    {
        _ = Kill(-_process.Id, SigTerm);
        using var bound = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(bound.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            KillGroup();
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            KillGroup();
        }

        _process.Dispose();
    }

    private static void Write(TextWriter writer, string? line)
    {
        if (line is not null)
        {
            try
            {
                writer.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private static int? ProcessGroupOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces, so count from the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[2], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
