using Microsoft.Extensions.Logging;

namespace Strangler.Sync.Reconcile.Reports;

internal static partial class ReportsLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a request for {Path} from {Address}: no or wrong reports access token")]
    public static partial void Refused(ILogger logger, string address, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a request for {Path} from {Address}: too many wrong tokens, {Seconds} s left to wait")]
    public static partial void RateLimited(ILogger logger, string address, string path, int seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Served {Lines} findings of report {Run} ({Projection}, {State}) from byte {From}")]
    public static partial void Served(ILogger logger, long lines, string run, string projection, string state, long from);
}
