using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Strangler.Auth;

namespace Strangler.Gateway.Admin;

/// <summary>
/// Bearer-token check for the admin API (<see cref="BearerToken"/>), against the token configuration holds now
/// (<see cref="AdminTokenSource"/>). No token configured: the API does not exist (404).
/// Wrong tokens count against the client's address (<see cref="AuthFailureLimiter"/>), a missing one does not; each
/// refusal is logged, never the token.
/// </summary>
internal sealed class AdminAuthFilter(AdminTokenSource tokens, AuthFailureLimiter limiter, ILogger<AdminAuthFilter> logger)
    : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!tokens.Configured)
        {
            return ValueTask.FromResult<object?>(Results.NotFound());
        }

        var http = context.HttpContext;
        var address = AuthFailureLimiter.AddressOf(http);
        if (limiter.RetryAfter(address) is { } retryAfter)
        {
            GatewayLog.AuthRateLimited(logger, "Admin API request", address, AuthFailureLimiter.Seconds(retryAfter));
            return ValueTask.FromResult<object?>(AuthFailureLimiter.TooManyAttempts(http, retryAfter));
        }

        if (!tokens.Bearer.Matches(http.Request))
        {
            // A request without the header guessed nothing: counting it locked every admin on the address out for a
            // minute after a script that forgot to export the token.
            if (http.Request.Headers.Authorization.Count > 0)
            {
                limiter.RecordFailure(address);
            }

            GatewayLog.AdminAuthRefused(logger, address);
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return ValueTask.FromResult<object?>(Results.Problem(statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized", detail: "Send the admin token as 'Authorization: Bearer <token>'."));
        }

        return next(context);
    }
}
