using Microsoft.Extensions.Logging;

namespace Strangler.Gateway.Stalls;

/// <summary>Source-generated log messages of the stall watchdog.</summary>
internal static partial class StallLog
{
    [LoggerMessage(600, LogLevel.Warning, "This gateway stalled for {Seconds} s (the process did not run: frozen, paused or starved of CPU; its watchdog ticks every {Tick} ms and allows {Threshold} ms late). Requests in flight during it are left out of the rollout evidence on both sides; clients and /metrics still see them")]
    public static partial void Stalled(ILogger logger, string seconds, double tick, double threshold);
}
