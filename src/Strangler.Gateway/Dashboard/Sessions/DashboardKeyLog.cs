using Microsoft.Extensions.Logging;

namespace Strangler.Gateway.Dashboard.Sessions;

/// <summary>Where the keys protecting dashboard sessions live, said once at start.</summary>
internal static partial class DashboardKeyLog
{
    // Information, not a warning: in-memory keys are sound for one gateway (nothing lands on disk unencrypted), and
    // the demo, whose admin token changes every run anyway, would print it on every start.
    [LoggerMessage(Level = LogLevel.Information, Message = "No Strangler:Dashboard:KeysDirectory configured: dashboard sessions are protected with in-memory keys, end at restart and work on this gateway only")]
    public static partial void InMemory(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dashboard session keys are kept in {Directory}; encrypted at rest with certificate {Thumbprint}")]
    public static partial void Persisted(ILogger logger, string directory, string thumbprint);
}
