using System.Globalization;
using System.Runtime.InteropServices;

namespace Strangler.Benchmarks.Hosts;

/// <summary>Linux process groups: which group a process is in, a group's CPU time (from <c>/proc</c>), signals.</summary>
internal static class ProcessGroup
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    private const double ClockTicksPerSecond = 100; // USER_HZ: 100 on every Linux architecture .NET runs on

    /// <summary>The process group of <paramref name="pid"/>, or null when it has ended.</summary>
    public static int? Of(int pid) => ReadStat($"/proc/{pid}/stat")?.Group;

    /// <summary>CPU time (user + system) of every live process in <paramref name="group"/>.</summary>
    public static TimeSpan CpuTime(int group)
    {
        long ticks = 0;
        foreach (var stat in Directory.EnumerateDirectories("/proc").Select(d => Path.Combine(d, "stat")))
        {
            if (ReadStat(stat) is { } fields && fields.Group == group)
            {
                ticks += fields.UserTicks + fields.SystemTicks;
            }
        }

        return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
    }

    /// <summary>Sends <paramref name="signal"/> to every process in <paramref name="group"/>; a group already gone is fine.</summary>
    public static void Signal(int group, int signal) => _ = Kill(-group, signal);

    /// <summary>Fields of /proc/PID/stat after the command name (which may hold spaces and parentheses).</summary>
    private static (int Group, long UserTicks, long SystemTicks)? ReadStat(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the process ended meanwhile, or is not ours to read
        }

        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        // After the name: state(0) ppid(1) pgrp(2) session(3) tty(4) tpgid(5) flags(6) minflt(7) cminflt(8) majflt(9)
        // cmajflt(10) utime(11) stime(12).
        return (int.Parse(fields[2], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture),
            long.Parse(fields[12], CultureInfo.InvariantCulture));
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
