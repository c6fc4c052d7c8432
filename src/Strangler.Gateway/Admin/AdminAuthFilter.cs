using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Admin;

/// <summary>
/// Bearer-token check for the admin API. No token configured: the API does not exist (404). The comparison hashes
/// both sides first so it takes the same time whatever the length or content of the guess.
/// </summary>
internal sealed class AdminAuthFilter(IOptions<GatewayOptions> options) : IEndpointFilter
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

        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var presented = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        if (presented.Length == 0 || !CryptographicOperations.FixedTimeEquals(hash, _expected))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return ValueTask.FromResult<object?>(Results.Problem(statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized", detail: "Send the admin token as 'Authorization: Bearer <token>'."));
        }

        return next(context);
    }
}
