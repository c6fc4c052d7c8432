using Microsoft.Extensions.Logging;

namespace Strangler.Gateway.Admin;

/// <summary>Source-generated log messages of <see cref="RouteAdmin"/> beyond the gateway-wide ones.</summary>
internal static partial class RouteAdminLog
{
    [LoggerMessage(500, LogLevel.Warning, "{File} held an edit the gateway was not serving ({Errors}); it is kept as {Copy} before the {Action} of {Subdomain} rewrites the file")]
    public static partial void UnservedEditKept(ILogger logger, string file, string errors, string copy, string action, string subdomain);

    [LoggerMessage(501, LogLevel.Error, "{File} may hold an edit the gateway was not serving, and it could not be kept before the {Action} of {Subdomain} rewrites the file")]
    public static partial void UnservedEditNotKept(ILogger logger, string file, string action, string subdomain, Exception exception);

    [LoggerMessage(502, LogLevel.Error, "Route files rejected at start ({Errors}); serving the {Count} sub-domain(s) as {HistoryFile} last recorded them until the files are fixed")]
    public static partial void ServingRecordedRoutes(ILogger logger, string errors, int count, string historyFile);

    [LoggerMessage(503, LogLevel.Error, "Route files rejected at start ({Errors}) and no earlier route table is recorded: every request is answered 503 until the files are fixed")]
    public static partial void NothingToServe(ILogger logger, string errors);

    [LoggerMessage(504, LogLevel.Warning, "Route {Subdomain} takes its user key from the claim '{Claim}', but this host authenticates no request, so no request carries it: every user is keyed by the gateway's client cookie instead, which the client can change. Use a header set by a proxy that authenticates, or host the gateway in an app with a default authentication scheme")]
    public static partial void ClaimNeverRead(ILogger logger, string subdomain, string claim);

    [LoggerMessage(505, LogLevel.Information, "Route {Subdomain} is already {Mode} at revision {Revision}: the {Action} by {Actor} changes nothing and is not recorded")]
    public static partial void Unchanged(ILogger logger, string subdomain, string actor, string mode, long revision, string action);
}
