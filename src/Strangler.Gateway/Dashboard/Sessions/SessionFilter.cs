using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Strangler.Gateway.Dashboard.Sessions;

/// <summary>
/// Guards the dashboard's data and steering endpoints: a live session cookie is required for everything, and any
/// state-changing method must also echo the session's CSRF token in <see cref="CsrfHeader"/>. A cross-site form cannot
/// set that header, and the token is only readable by same-origin script.
/// </summary>
internal sealed class SessionFilter(SessionStore sessions) : IEndpointFilter
{
    public const string CookieName = StranglerWire.SessionCookie;
    public const string CsrfHeader = StranglerWire.CsrfHeader;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var session = sessions.Find(http.Request.Cookies[CookieName]);
        if (session is null)
        {
            return TypedResults.Problem(
                title: "Not signed in",
                detail: "The dashboard session is missing or has expired; sign in again with the admin token.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            && !TokensMatch(http.Request.Headers[CsrfHeader].ToString(), session.CsrfToken))
        {
            return TypedResults.Problem(
                title: "CSRF token missing or wrong",
                detail: $"State-changing requests must carry the session's token in the {CsrfHeader} header.",
                statusCode: StatusCodes.Status403Forbidden);
        }

        http.Items[typeof(DashboardSession)] = session;
        return await next(context);
    }

    internal static bool TokensMatch(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}
