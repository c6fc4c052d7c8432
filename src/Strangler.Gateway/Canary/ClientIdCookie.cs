using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Canary;

/// <summary>
/// The gateway's own client id, in a cookie, for canary requests that carry no user key: it makes the decision sticky
/// per browser (and, as the cookie is sent for every path, the same across sub-domains sharing a cohort).
/// </summary>
internal sealed class ClientIdCookie(ICanaryRandom random, IOptions<GatewayOptions> options)
{
    // An id is ours or the client's choice (a client can always set its own cookie); the bound only keeps hashing cheap.
    private const int MaxIdLength = 128;

    private readonly string _name = options.Value.ClientCookieName;
    private readonly TimeSpan _maxAge = options.Value.ClientCookieMaxAge;

    public bool Enabled => _name.Length > 0;

    /// <summary>The request's client id; a new one, set on the response, when it has none.</summary>
    public string Resolve(HttpContext context)
    {
        var existing = context.Request.Cookies[_name];
        if (existing is { Length: > 0 and <= MaxIdLength })
        {
            return existing;
        }

        var id = random.NewClientId();
        var cookieOptions = OptionsFor(context.Request);
        // Set when the response starts, not now: a failed new-side attempt that falls back to legacy clears the
        // response headers, and the upstream's own headers are copied in before the response starts.
        context.Response.OnStarting(() =>
        {
            context.Response.Cookies.Append(_name, id, cookieOptions);
            return Task.CompletedTask;
        });
        return id;
    }

    public CookieOptions OptionsFor(HttpRequest request) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = request.IsHttps,
        Path = "/",
        MaxAge = _maxAge,
        IsEssential = true,
    };
}
