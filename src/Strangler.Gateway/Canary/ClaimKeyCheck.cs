using Microsoft.AspNetCore.Authentication;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Canary;

/// <summary>
/// Finds the routes whose user key is a claim in a host that authenticates no request. <c>strangler gateway</c> runs
/// no authentication, so there such a route never reads its claim: every user is keyed by the gateway's client cookie
/// instead, a key the client holds and can change, silently. A host of your own with a default authentication
/// scheme (<c>AddAuthentication(...)</c>) reads claims as meant.
/// </summary>
internal sealed class ClaimKeyCheck(IAuthenticationSchemeProvider? schemes = null)
{
    private readonly Lazy<bool> _authenticates = new(() =>
        schemes?.GetDefaultAuthenticateSchemeAsync().GetAwaiter().GetResult() is not null);

    /// <summary>The routes of <paramref name="routes"/> keyed by a claim no request will carry here.</summary>
    public IEnumerable<RouteDefinition> Unread(IEnumerable<RouteDefinition> routes) =>
        _authenticates.Value ? [] : routes.Where(r => r.UserKey?.Kind == UserKeyKind.Claim);
}
