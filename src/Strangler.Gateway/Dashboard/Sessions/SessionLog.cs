using Microsoft.Extensions.Logging;

namespace Strangler.Gateway.Dashboard.Sessions;

/// <summary>Audit lines for dashboard sign-ins. The presented token is never logged, right or wrong.</summary>
internal static partial class SessionLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard sign-in from {Remote}")]
    public static partial void SignedIn(ILogger logger, string? remote);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard sign-in refused from {Remote}: wrong admin token")]
    public static partial void Refused(ILogger logger, string? remote);
}
