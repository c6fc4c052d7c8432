using Microsoft.Extensions.Logging;

namespace Strangler.Gateway.Shadow;

/// <summary>Source-generated log messages of the shadow feature (event ids 120-139).</summary>
internal static partial class ShadowLog
{
    [LoggerMessage(120, LogLevel.Debug, "Shadow request of {Subdomain} {Endpoint} failed: {Error}")]
    public static partial void ShadowFailed(ILogger logger, string subdomain, string endpoint, string error);

    [LoggerMessage(121, LogLevel.Error, "Comparing a shadow answer of {Subdomain} {Endpoint} failed; the shadow is not counted")]
    public static partial void ShadowCrashed(ILogger logger, string subdomain, string endpoint, Exception exception);
}
