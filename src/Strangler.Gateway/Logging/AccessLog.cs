using Microsoft.Extensions.Logging;

namespace Strangler.Gateway.Logging;

/// <summary>
/// The access log's one line per proxied request. Its own category, so it can be routed or filtered apart from the
/// gateway's other messages (e.g. <c>Logging:LogLevel:Strangler.Gateway.AccessLog=None</c>).
/// </summary>
internal static partial class AccessLog
{
    public const string Category = "Strangler.Gateway.AccessLog";

    /// <summary>
    /// Only what identifies the request's fate: never headers, cookies or the query string, which may carry tokens.
    /// The path is the client's, decoded: the caller escapes its control characters (<c>%1b[2J</c> cleared the
    /// terminal of whoever tailed the log, and a <c>%0d</c> let a path forge what looked like a line of its own).
    /// </summary>
    [LoggerMessage(100, LogLevel.Information, "{Method} {Path} {Status} {Side} {Route} {ElapsedMs} ms")]
    public static partial void Request(ILogger logger, string method, string path, int status, string side, string route,
        double elapsedMs);
}
