using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Strangler.Gateway;

/// <summary>Source-generated log messages for the whole gateway (hot paths log without formatting cost).</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(1, LogLevel.Information, "Route table loaded: {Count} sub-domain(s) from {Directory}")]
    public static partial void RoutesLoaded(ILogger logger, int count, string directory);

    [LoggerMessage(2, LogLevel.Error, "Route change rejected, the previous table keeps serving: {Errors}")]
    public static partial void RoutesRejected(ILogger logger, string errors);

    /// <remarks>
    /// At most one line per sub-domain, side and error every <see cref="Logging.RepeatedWarnings.Interval"/>.
    /// <paramref name="cause"/> is the exception's messages; <paramref name="exception"/> only when it is not a
    /// transport failure, whose stack trace says nothing the messages do not.
    /// </remarks>
    [LoggerMessage(3, LogLevel.Warning, "Upstream {Side} of {Subdomain} failed: {Error} (status {Status}): {Cause}; {HeldBack} more such failure(s) since the last line")]
    public static partial void UpstreamFailed(ILogger logger, string side, string subdomain, ForwarderError error, int status, string cause, long heldBack, Exception? exception);

    /// <remarks>At most one line per sub-domain and side every <see cref="Logging.RepeatedWarnings.Interval"/>.</remarks>
    [LoggerMessage(15, LogLevel.Warning, "A client gave up after {WaitedSeconds} s waiting for {Side} of {Subdomain}, which had not answered (recorded as status 499); {HeldBack} more such since the last line. An upstream that hangs fails only after UpstreamTimeout ({UpstreamTimeout})")]
    public static partial void ClientGaveUp(ILogger logger, double waitedSeconds, string side, string subdomain, long heldBack, TimeSpan upstreamTimeout);

    /// <remarks>At most one line per sub-domain and status every <see cref="Logging.RepeatedWarnings.Interval"/>.</remarks>
    [LoggerMessage(4, LogLevel.Warning, "Falling back to legacy for {Subdomain} after the new side failed with status {Status}; {HeldBack} more such fallback(s) since the last line")]
    public static partial void FallingBack(ILogger logger, string subdomain, int status, long heldBack);

    [LoggerMessage(20, LogLevel.Information, "Stopping: no new connections; requests in flight get up to the shutdown timeout ({ShutdownTimeout}, --shutdownTimeoutSeconds) to finish")]
    public static partial void Draining(ILogger logger, TimeSpan shutdownTimeout);

    [LoggerMessage(21, LogLevel.Warning, "{CutOff} proxied request(s) were still running at the shutdown timeout ({ShutdownTimeout}) and were cut off: their clients saw the connection close (recorded as status 444). Raise --shutdownTimeoutSeconds if requests that long are expected")]
    public static partial void CutOffAtShutdown(ILogger logger, long cutOff, TimeSpan shutdownTimeout);

    [LoggerMessage(5, LogLevel.Warning, "Circuit breaker for {Subdomain} opened: new-side traffic goes to legacy for {OpenFor}")]
    public static partial void BreakerOpened(ILogger logger, string subdomain, TimeSpan openFor);

    [LoggerMessage(16, LogLevel.Information, "Circuit breaker for {Subdomain} closed: a trial request succeeded, new-side traffic resumes")]
    public static partial void BreakerClosed(ILogger logger, string subdomain);

    [LoggerMessage(6, LogLevel.Information, "Route {Subdomain} changed by {Actor}: {From} -> {To} (revision {Revision}): {Reason}")]
    public static partial void RouteChanged(ILogger logger, string subdomain, string actor, string from, string to, long revision, string reason);

    [LoggerMessage(7, LogLevel.Warning, "No Strangler:Gateway:OverrideSigningKey configured: override tokens are signed with a random key and work on this instance only")]
    public static partial void RandomOverrideKey(ILogger logger);

    [LoggerMessage(19, LogLevel.Warning, "History file {HistoryFile}, line {Line}, is not read (a torn write from a crash, or an edit): {Error}; the other entries are")]
    public static partial void HistoryLineSkipped(ILogger logger, string historyFile, int line, string error);

    [LoggerMessage(18, LogLevel.Warning, "No Strangler:Gateway:AdminToken configured: the admin API and the dashboard sign-in are off (they answer 404); set one of 16 characters or more to turn them on")]
    public static partial void AdminApiOff(ILogger logger);

    [LoggerMessage(8, LogLevel.Error, "Watching the routes directory reported an error; rescanning it")]
    public static partial void WatcherFailed(ILogger logger, Exception exception);

    [LoggerMessage(9, LogLevel.Error, "Reloading the routes directory failed; the previous table keeps serving")]
    public static partial void ReloadFailed(ILogger logger, Exception exception);

    [LoggerMessage(10, LogLevel.Error, "Change of {Subdomain} applied but not recorded in {HistoryFile}")]
    public static partial void HistoryNotRecorded(ILogger logger, string subdomain, string historyFile, Exception exception);

    [LoggerMessage(11, LogLevel.Information, "Routes directory {Directory} appeared; watching and loading it")]
    public static partial void RoutesDirectoryAppeared(ILogger logger, string directory);

    [LoggerMessage(12, LogLevel.Error, "Routes directory {Directory} is gone; the last good route table keeps serving until it is back")]
    public static partial void RoutesDirectoryVanished(ILogger logger, string directory);

    [LoggerMessage(13, LogLevel.Warning, "Admin API authentication refused from {Remote}: missing or wrong admin token")]
    public static partial void AdminAuthRefused(ILogger logger, string remote);

    [LoggerMessage(17, LogLevel.Error, "The admin token in configuration changed to a value that is refused, so the admin API and the dashboard refuse every token (and every session) until it is fixed: {Problems}")]
    public static partial void AdminTokenRefused(ILogger logger, string problems);

    [LoggerMessage(14, LogLevel.Warning, "{What} from {Remote} refused without checking the token: too many failed attempts, retry after {RetryAfterSeconds} s")]
    public static partial void AuthRateLimited(ILogger logger, string what, string remote, int retryAfterSeconds);
}
