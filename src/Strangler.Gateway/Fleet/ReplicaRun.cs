using System.Diagnostics;
using System.Security.Cryptography;

namespace Strangler.Gateway.Fleet;

/// <summary>
/// This run of the gateway process, as its heartbeat row names it: a random id made at start (a restart is a new run),
/// the host, the process id and when it started. Two processes configured with one replica id have the same id but
/// never the same run, which is how the second tells the row is not its own. Host, pid and start are shown to an
/// operator to find the other process, and let a restart on the same host take over its crashed predecessor's row.
/// Replaced in tests, where several gateways share one process.
/// </summary>
internal sealed record ReplicaRun
{
    public required string RunId { get; init; }

    public required string Host { get; init; }

    public required int ProcessId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Whether a process of this host with that id is running (the operating system's answer by default).</summary>
    public Func<int, bool> ProcessAlive { get; init; } = IsRunning;

    public static ReplicaRun Start(TimeProvider time) => new()
    {
        RunId = RandomNumberGenerator.GetHexString(16, lowercase: true), Host = Environment.MachineName,
        ProcessId = Environment.ProcessId, StartedAt = time.GetUtcNow(),
    };

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
