using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Strangler.Auth;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Admin;

/// <summary>
/// Bearer-token check for the admin API (<see cref="BearerToken"/>), against the token configuration holds now
/// (<see cref="AdminTokenSource"/>). No token configured: the API is off (404, saying so).
/// Wrong tokens count against the client's address (<see cref="AuthFailureLimiter"/>), a missing one does not; each
/// refusal is logged, never the token, and the answer says whether a token was missing or refused, never echoing it.
/// </summary>
internal sealed class AdminAuthFilter(AdminTokenSource tokens, AuthFailureLimiter limiter, ILogger<AdminAuthFilter> logger)
    : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!tokens.Configured)
        {
            return ValueTask.FromResult<object?>(AdminProblem.Of(StatusCodes.Status404NotFound, "Not found", "adminApi",
                $"is off on this gateway: no admin token is configured ({GatewayOptions.SectionName}:AdminToken)"));
        }

        var http = context.HttpContext;
        var address = AuthFailureLimiter.AddressOf(http);
        if (limiter.RetryAfter(address) is { } retryAfter)
        {
            GatewayLog.AuthRateLimited(logger, "Admin API request", address, AuthFailureLimiter.Seconds(retryAfter));
            var seconds = AuthFailureLimiter.Seconds(retryAfter);
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ValueTask.FromResult<object?>(AdminProblem.Of(StatusCodes.Status429TooManyRequests, "Too many failed attempts",
                "authorization", $"too many wrong tokens from this address; try again in {seconds} s"));
        }

        if (!tokens.Bearer.Matches(http.Request))
        {
            // A request without the header guessed nothing: counting it locked every admin on the address out for a
            // minute after a script that forgot to export the token.
            var sent = http.Request.Headers.Authorization.ToString();
            if (sent.Length > 0)
            {
                limiter.RecordFailure(address);
            }

            GatewayLog.AdminAuthRefused(logger, address);
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return ValueTask.FromResult<object?>(AdminProblem.Of(StatusCodes.Status401Unauthorized, "Unauthorized", "authorization",
                sent.Length == 0 ? "a bearer token is required: send the admin token as 'Authorization: Bearer <token>'"
                : !sent.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? "is not a bearer token: send the admin token as 'Authorization: Bearer <token>'"
                : $"the bearer token was refused: it is not this gateway's admin token ({GatewayOptions.SectionName}:AdminToken)"));
        }

        return next(context);
    }
}
