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
    private const int SigKill = 9;
    private const int SigTerm = 15;
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
        foreach (var argument in (string[])["dotnet", Path.Combine(AppContext.BaseDirectory, "strangler.dll"), .. args])
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
        while (!process.HasExited && ProcessGroupOf(process.Id) != process.Id)
        {
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
