using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Strangler.Auth;

namespace Strangler.Sync.Hosting;

/// <summary>
/// Who sees the text of a pipeline's last error on the status endpoint. The driver's and librdkafka's texts can name
/// the legacy database's or Kafka's host, port or user, and the endpoint is open (the dashboard and the rollout gates
/// poll it), so a caller without <see cref="SyncOptions.StatusToken"/> gets each error by its kind, as <c>/readyz</c>
/// gives it; the dashboard sends the token and shows the texts behind its sign-in. A caller that sends a token which
/// is not the configured one (or sends one to a worker with none) is refused and counted, so the texts cannot be used
/// to tell a right guess from a wrong one. Counted on a limiter of its own (<see cref="LimiterKey"/>), not the report
/// endpoints': a dashboard polling every few seconds with a stale status token would otherwise have its address
/// locked out of the reports too, for a mistake in another setting.
/// </summary>
internal sealed partial class StatusAccess(
    IOptions<SyncOptions> options, ILogger<StatusAccess> logger, [FromKeyedServices(StatusAccess.LimiterKey)] AuthFailureLimiter? limiter = null)
{
    /// <summary>The DI key of the status endpoint's own <see cref="AuthFailureLimiter"/>.</summary>
    public const string LimiterKey = "sync-status";

    private readonly BearerToken _token = new(options.Value.StatusToken);

    /// <summary>A worker without the token set (or hosted without <see cref="SyncOptions"/>): kinds only for everyone.</summary>
    public static StatusAccess None { get; } = new(Options.Create(new SyncOptions()), NullLogger<StatusAccess>.Instance);

    /// <summary>
    /// Whether the caller of <paramref name="http"/> sees error texts (<paramref name="seesTexts"/>), or the answer that
    /// refuses it: a token that is not the configured one (401, counted), or an address past its wrong tokens (429).
    /// A caller that sends no token is never refused.
    /// </summary>
    public IResult? Admit(HttpContext http, out bool seesTexts)
    {
        seesTexts = false;
        if (http.Request.Headers.Authorization.Count == 0)
        {
            return null;
        }

        var address = AuthFailureLimiter.AddressOf(http);
        var path = http.Request.Path.Value ?? "";
        if (limiter?.RetryAfter(address) is { } retryAfter)
        {
            LogLimited(logger, path, address, AuthFailureLimiter.Seconds(retryAfter));
            return AuthFailureLimiter.TooManyAttempts(http, retryAfter);
        }

        if (_token.Matches(http.Request))
        {
            seesTexts = true;
            return null;
        }

        limiter?.RecordFailure(address);
        LogRefused(logger, path, address, _token.Configured ? "a wrong status token" : "a token, and this worker has none");
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
            detail: _token.Configured
                ? $"The token sent is not this worker's {SyncOptions.SectionName}:StatusToken. Send it as 'Authorization: Bearer <token>' (the dashboard's Strangler:Dashboard:SyncStatusToken), or send none for the status without error texts."
                : $"This worker has no {SyncOptions.SectionName}:StatusToken, so no token opens its error texts. Set it to the dashboard's Strangler:Dashboard:SyncStatusToken, or send none for the status without error texts.");
    }

    // Never the token: only that it was wrong, and from where (an operator tells a misconfigured dashboard from a guesser).
    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a request for {Path} from {Address}: it sent {What}")]
    private static partial void LogRefused(ILogger logger, string path, string address, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a request for {Path} from {Address}: too many wrong tokens, {Seconds} s left to wait")]
    private static partial void LogLimited(ILogger logger, string path, string address, int seconds);
}
