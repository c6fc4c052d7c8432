using Microsoft.Extensions.Logging;

namespace Strangler.Gateway.Shadow;

/// <summary>Source-generated log messages of the shadow feature (event ids 120-139).</summary>
internal static partial class ShadowLog
{
    /// <remarks>At most one line per sub-domain every <see cref="Logging.RepeatedWarnings.Interval"/>.</remarks>
    [LoggerMessage(120, LogLevel.Warning, "Shadow requests of {Subdomain} fail on the new side, nothing is compared: {Endpoint}: {Error}; {HeldBack} more such failure(s) since the last line (clients are served by legacy as before)")]
    public static partial void ShadowFailed(ILogger logger, string subdomain, string endpoint, string error, long heldBack);

    /// <remarks>At most one line per sub-domain every <see cref="Logging.RepeatedWarnings.Interval"/>.</remarks>
    [LoggerMessage(122, LogLevel.Warning, "Shadow requests of {Subdomain} time out on the new side, nothing is compared: {Endpoint} had not answered in full within the shadow timeout ({Timeout}); {HeldBack} more such timeout(s) since the last line (clients are served by legacy as before)")]
    public static partial void ShadowTimedOut(ILogger logger, string subdomain, string endpoint, TimeSpan timeout, long heldBack);

    [LoggerMessage(121, LogLevel.Error, "Comparing a shadow answer of {Subdomain} {Endpoint} failed; the shadow is not counted")]
    public static partial void ShadowCrashed(ILogger logger, string subdomain, string endpoint, Exception exception);
}
