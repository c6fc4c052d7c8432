using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Strangler.Benchmarks.Hosts;

/// <summary>
/// A server under test, started in its own process group (<c>setsid</c>) and ended as a group: a wrapper killed
/// alone (a <c>dotnet run</c>, nginx's master) would leave the real server holding its port, and a later run would
/// measure the old process. Its output goes to a log file, shown when it fails to start. CPU time counts every process
/// of the group, so nginx's master and worker count together.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<int, ServerProcess> Running = new();

    private readonly Process _process;

    private readonly string? _workDirectory;

    static ServerProcess()
    {
        // Ctrl+C or an exception ending the benchmark still ends every group it started.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
    }

    private ServerProcess(string name, Process process, string logFile, string url, string? workDirectory)
    {
        _workDirectory = workDirectory;
        Name = name;
        _process = process;
        LogFile = logFile;
        Url = url;
    }

    public string Name { get; }

    /// <summary>The server's base URL (http://127.0.0.1:port).</summary>
    public string Url { get; }

    public string LogFile { get; }

    /// <summary>The process group id: the server's own pid, as <c>setsid</c> execs it in place.</summary>
    public int GroupId => _process.Id;

    /// <summary>A loopback port free at the time of asking (the server binds it moments later).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Starts <paramref name="executable"/> in a new session and process group, then waits until
    /// <paramref name="probePath"/> answers 2xx on <paramref name="url"/>. A working directory it owns (temp files made
    /// for it) is removed when it is disposed. Secrets go in <paramref name="environment"/>, never in
    /// <paramref name="arguments"/>: a command line is shown by <c>ps</c> to every user of the machine.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string name, string executable, IEnumerable<string> arguments,
        string workingDirectory, string url, string probePath, bool ownsWorkingDirectory = false,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var logFile = Path.Combine(Path.GetTempPath(), $"strangler-bench-{name.Replace(' ', '-')}-{Guid.NewGuid():N}.log");
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(executable);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (variable, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[variable] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name} ({executable}).");
        var server = new ServerProcess(name, process, logFile, url, ownsWorkingDirectory ? workingDirectory : null);
        Running[process.Id] = server;
        var log = new StreamWriter(logFile) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // setsid makes its new group in the child just after it starts, before it execs the server: give it a moment.
        for (var attempt = 0; attempt < 50 && ProcessGroup.Of(process.Id) != process.Id && !process.HasExited; attempt++)
        {
            await Task.Delay(20);
        }

        // One that already exited (setsid could not find the executable) is named with its log just below.
        if (!process.HasExited && ProcessGroup.Of(process.Id) != process.Id)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"{name} did not start as the leader of its own process group.");
        }

        try
        {
            await server.WaitUntilAnsweringAsync(probePath);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>CPU time (user + system) of every live process in the group.</summary>
    public TimeSpan CpuTime() => ProcessGroup.CpuTime(GroupId);

    public async ValueTask DisposeAsync()
    {
        Running.TryRemove(_process.Id, out _);
        ProcessGroup.Signal(GroupId, ProcessGroup.SigTerm);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            // Did not stop within 10 s: end the group for good.
        }

        ProcessGroup.Signal(GroupId, ProcessGroup.SigKill);
        _process.Dispose();
        // Bare YARP as shipped logs every request: its log runs to tens of MB. It was only kept to explain a failed start.
        File.Delete(LogFile);
        if (_workDirectory is not null)
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
    }

    private async Task WaitUntilAnsweringAsync(string probePath)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90); // a loaded 2-core machine starts .NET slowly
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before answering:\n{Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(Url + probePath);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not up yet
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} did not answer {Url + probePath} within 90 s:\n{Tail()}");
            }

            await Task.Delay(200);
        }
    }

    private string Tail() =>
        string.Join('\n', File.ReadLines(LogFile).TakeLast(30));

    private static void Append(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    private static void KillAll()
    {
        foreach (var id in Running.Keys)
        {
            ProcessGroup.Signal(id, ProcessGroup.SigKill);
        }
    }
}
