using Microsoft.Extensions.Options;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Override;
using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Admin;

/// <summary>
/// Issues tester-override tokens for the admin API: a grant that sends its bearer's requests for one served
/// sub-domain to the new side until it expires. Apart from <see cref="RouteAdmin"/>, since issuing one changes no route.
/// </summary>
internal sealed class OverrideIssuer(IOptions<GatewayOptions> options, RouteTableStore store, OverrideTokens tokens, TimeProvider time)
{
    /// <summary>Issues a token for a sub-domain, valid for <paramref name="lifetime"/>; null with <paramref name="error"/> saying why not.</summary>
    public OverrideGrant? Issue(string subdomain, TimeSpan lifetime, out RouteAdminResult? error)
    {
        error = null;
        if (store.Current?.Find(subdomain) is null)
        {
            error = RouteAdminResult.NotFound("subdomain", UnknownSubdomainText.NotServed(subdomain, store.Current));
            return null;
        }

        var maxLifetime = options.Value.OverrideMaxLifetime;
        if (lifetime <= TimeSpan.Zero || lifetime > maxLifetime)
        {
            error = RouteAdminResult.Invalid("ttlSeconds", $"must be between 1 and {(long)maxLifetime.TotalSeconds}");
            return null;
        }

        var expiresAt = time.GetUtcNow() + lifetime;
        return new OverrideGrant
        {
            Subdomain = subdomain,
            Header = options.Value.OverrideHeader,
            Token = tokens.Issue(subdomain, expiresAt),
            ExpiresAt = expiresAt,
        };
    }
}
