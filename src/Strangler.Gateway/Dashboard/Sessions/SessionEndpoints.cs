using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Strangler.Auth;
using Strangler.Gateway.Admin;

namespace Strangler.Gateway.Dashboard.Sessions;

/// <summary>Sign-in, session lookup and sign-out under <c>{PathBase}/session</c>.</summary>
internal static class SessionEndpoints
{
    public static void Map(IEndpointRouteBuilder group, string pathBase)
    {
        group.MapPost("/session", (SignInRequest? body, HttpContext http, AdminTokenSource tokens, SessionStore sessions,
            AuthFailureLimiter limiter, ILoggerFactory logs) =>
            SignIn(body, http, tokens, sessions, limiter, logs.CreateLogger(typeof(SessionEndpoints)), pathBase));

        group.MapGet("/session", (HttpContext http) => Info((DashboardSession)http.Items[typeof(DashboardSession)]!))
            .AddEndpointFilter<SessionFilter>();

        group.MapDelete("/session", (HttpContext http, SessionStore sessions) =>
            {
                var session = (DashboardSession)http.Items[typeof(DashboardSession)]!;
                sessions.Remove(session);
                http.Response.Cookies.Delete(SessionFilter.CookieName, CookieOptions(http, pathBase, session.ExpiresAt));
                return TypedResults.NoContent();
            })
            .AddEndpointFilter<SessionFilter>();
    }

    private static IResult SignIn(SignInRequest? body, HttpContext http, AdminTokenSource tokens, SessionStore sessions,
        AuthFailureLimiter limiter, ILogger logger, string pathBase)
    {
        if (!tokens.Configured)
        {
            return TypedResults.Problem(
                title: "Dashboard sign-in is off",
                detail: $"No admin token is configured ({AdminTokenSource.Key}); set one to enable the dashboard.",
                statusCode: StatusCodes.Status404NotFound);
        }

        if (string.IsNullOrEmpty(body?.Token))
        {
            return TypedResults.Problem(
                title: "Token missing", detail: "The request body must be JSON with a non-empty 'token'.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var remote = AuthFailureLimiter.AddressOf(http);
        if (limiter.RetryAfter(remote) is { } retryAfter)
        {
            // Checked before the token, so a guesser learns nothing more once over the limit, not even a right guess.
            GatewayLog.AuthRateLimited(logger, "Dashboard sign-in", remote, AuthFailureLimiter.Seconds(retryAfter));
            return AuthFailureLimiter.TooManyAttempts(http, retryAfter);
        }

        // Hashed before comparing, as the admin API does: a raw comparison would end sooner on a guess of another length.
        var expected = tokens.Current;
        if (expected is null || !new BearerToken(expected).Matches(body.Token))
        {
            limiter.RecordFailure(remote);
            SessionLog.Refused(logger, remote);
            return TypedResults.Problem(
                title: "Wrong token", detail: "The token does not match the gateway's admin token.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        var session = sessions.Create(expected);
        SessionLog.SignedIn(logger, remote);
        http.Response.Cookies.Append(SessionFilter.CookieName, session.Id, CookieOptions(http, pathBase, session.ExpiresAt));
        return TypedResults.Ok(Info(session));
    }

    private static SessionInfo Info(DashboardSession session) => new(session.CsrfToken, session.ExpiresAt);

    private static CookieOptions CookieOptions(HttpContext http, string pathBase, DateTimeOffset expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = pathBase,
        Expires = expires,
        IsEssential = true,
    };
}
