using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Auth;

namespace Strangler.Sync.Reconcile.Reports;

/// <summary>
/// Bearer-token check of the report endpoints, the gateway admin API's scheme and code (<see cref="BearerToken"/>,
/// <see cref="AuthFailureLimiter"/>): without a reports directory and an access token configured the endpoints do not
/// exist (404); otherwise <c>Authorization: Bearer &lt;token&gt;</c> or 401, and an address that sent too many wrong
/// tokens gets 429 until its window ends. A refusal is logged with the client's address, never the token.
/// </summary>
internal sealed class ReportAuthFilter(IOptions<ReportsOptions> options, AuthFailureLimiter limiter, ILogger<ReportAuthFilter> logger)
    : IEndpointFilter
{
    private readonly BearerToken _token = new(string.IsNullOrEmpty(options.Value.Directory) ? null : options.Value.AccessToken);

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!_token.Configured)
        {
            return ValueTask.FromResult<object?>(Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Reports are not served",
                detail: $"Set {ReportsOptions.SectionName}:Directory and {ReportsOptions.SectionName}:AccessToken to serve reconcile reports."));
        }

        var http = context.HttpContext;
        var address = AuthFailureLimiter.AddressOf(http);
        if (limiter.RetryAfter(address) is { } retryAfter)
        {
            ReportsLog.RateLimited(logger, address, http.Request.Path.Value ?? "", AuthFailureLimiter.Seconds(retryAfter));
            return ValueTask.FromResult<object?>(AuthFailureLimiter.TooManyAttempts(http, retryAfter));
        }

        if (!_token.Matches(http.Request))
        {
            limiter.RecordFailure(address);
            ReportsLog.Refused(logger, address, http.Request.Path.Value ?? "");
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return ValueTask.FromResult<object?>(Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: $"Send the reports access token ({ReportsOptions.SectionName}:AccessToken) as 'Authorization: Bearer <token>'."));
        }

        return next(context);
    }
}
