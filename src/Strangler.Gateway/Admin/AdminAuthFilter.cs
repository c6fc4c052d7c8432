using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Admin;

/// <summary>
/// Bearer-token check for the admin API. No token configured: the API does not exist (404). The comparison hashes
/// both sides first so it takes the same time whatever the length or content of the guess. Wrong tokens count
/// against the client's address (<see cref="AuthFailureLimiter"/>); each refusal is logged, never the token.
/// </summary>
internal sealed class AdminAuthFilter(IOptions<GatewayOptions> options, AuthFailureLimiter limiter, ILogger<AdminAuthFilter> logger)
    : IEndpointFilter
{
    private readonly byte[]? _expected = string.IsNullOrEmpty(options.Value.AdminToken)
        ? null
        : SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.AdminToken));

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_expected is null)
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

        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var presented = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        if (presented.Length == 0 || !CryptographicOperations.FixedTimeEquals(hash, _expected))
        {
            limiter.RecordFailure(address);
            GatewayLog.AdminAuthRefused(logger, address);
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return ValueTask.FromResult<object?>(Results.Problem(statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized", detail: "Send the admin token as 'Authorization: Bearer <token>'."));
        }

        return next(context);
    }
}
