using Microsoft.AspNetCore.Http;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Canary;

internal static class UserKeyResolver
{
    /// <summary>The request's user key, or null when the route names none or the request does not carry it.</summary>
    public static string? Resolve(HttpContext context, UserKeySource? source)
    {
        var value = source?.Kind switch
        {
            UserKeyKind.Header => context.Request.Headers[source.Name].ToString(),
            UserKeyKind.Cookie => context.Request.Cookies[source.Name],
            UserKeyKind.Claim => context.User.FindFirst(source.Name)?.Value,
            _ => null,
        };
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
