using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace Strangler.Gateway.Tests.Canary;

/// <summary>
/// A claim user key needs a host that authenticates. Bug, found running the gateway as ops do: <c>strangler gateway</c>
/// authenticates nothing, so a route keyed by a claim silently keyed every user by the client cookie, which the client
/// holds, with nothing in the log.
/// </summary>
public sealed class ClaimUserKeyTests
{
    private static readonly Action<JsonObject> ClaimKey = route => route["userKey"] = new JsonObject { ["source"] = "claim", ["name"] = "sub" };

    [Fact]
    public async Task A_claim_key_in_a_host_that_authenticates_nothing_is_a_warning_naming_the_route_and_the_claim()
    {
        await using var rig = await Rig.StartAsync("canary", 50, edit: ClaimKey, services: s => s.AddLogging(logging => logging.AddFakeLogging()));

        var warning = Assert.Single(await LoadedAsync(rig), r => r.Id.Id == 504);

        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.StartsWith("Route customers takes its user key from the claim 'sub', but this host authenticates no request, so no request carries it: every user is keyed by the gateway's client cookie instead",
            warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_claim_key_in_a_host_with_a_default_authentication_scheme_is_no_warning()
    {
        await using var rig = await Rig.StartAsync("canary", 50, edit: ClaimKey, services: s =>
        {
            s.AddLogging(logging => logging.AddFakeLogging());
            s.AddAuthentication("test").AddScheme<AuthenticationSchemeOptions, HeaderUser>("test", _ => { });
        });

        Assert.DoesNotContain(await LoadedAsync(rig), r => r.Id.Id == 504);
    }

    [Fact]
    public async Task A_header_key_is_no_warning()
    {
        await using var rig = await Rig.StartAsync("canary", 50, services: s => s.AddLogging(logging => logging.AddFakeLogging()));

        Assert.DoesNotContain(await LoadedAsync(rig), r => r.Id.Id == 504);
    }

    // The check runs right after the table is loaded and said so (GatewayLog.RoutesLoaded, id 1).
    private static async Task<IReadOnlyList<FakeLogRecord>> LoadedAsync(Rig rig)
    {
        var log = rig.Gateway.Service<FakeLogCollector>();
        Assert.True(await Eventually.TrueAsync(() => log.GetSnapshot().Any(r => r.Id.Id == 1 && r.Category == typeof(Strangler.Gateway.Admin.RouteAdmin).FullName), seconds: 10));
        return log.GetSnapshot();
    }

    private sealed class HeaderUser(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
            Task.FromResult(Request.Headers.TryGetValue("X-Test-User", out var user)
                ? AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", user.ToString())], "test")), "test"))
                : AuthenticateResult.NoResult());
    }
}
