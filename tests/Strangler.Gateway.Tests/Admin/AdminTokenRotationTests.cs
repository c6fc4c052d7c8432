using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Admin;

/// <summary>
/// Bug: the admin API compared against the token it started with, while the dashboard read configuration on each
/// sign-in. After ops rotated a leaked token in appsettings.json (reloaded on change), the old token still flipped
/// routes through the admin API until a restart; and a rotated-in value the start-up check refuses (three letters)
/// was accepted by the dashboard sign-in. Found on a running gateway: old token 200 on /_strangler/api/routes after
/// the file changed to "abc", and "abc" signed in to the dashboard.
/// </summary>
public sealed class AdminTokenRotationTests
{
    private const string Rotated = "rotated-admin-token-9876543210";

    [Fact]
    public async Task Bug_RotatedAdminToken_OldTokenStillWorkedOnTheAdminApi()
    {
        await using var rig = await StartAsync(new CapturedLogLines());

        Configuration(rig)[AdminKey] = Rotated;

        var (old, _) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/routes");
        var (rotated, _) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/routes", token: Rotated);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
    }

    [Fact]
    public async Task Bug_RotatedToATooShortToken_WasAcceptedByTheDashboardSignIn()
    {
        var logs = new CapturedLogLines();
        await using var rig = await StartAsync(logs);

        Configuration(rig)[AdminKey] = "abc";

        var signIn = await rig.Gateway.Client.PostAsJsonAsync("/_strangler/session", new { token = "abc" }, TestContext.Current.CancellationToken);
        var (api, _) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/routes", token: "abc");
        var (old, _) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/routes");
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        var line = Assert.Single(logs.Lines, l => l.Contains("admin token in configuration changed", StringComparison.Ordinal));
        Assert.Contains("Strangler:Gateway:AdminToken must be at least 16 characters.", line, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Contains("abc", StringComparison.Ordinal) || l.Contains(GatewayHost.AdminToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AdminTokenRemovedFromConfiguration_TurnsTheApiOff()
    {
        await using var rig = await StartAsync(new CapturedLogLines());

        Configuration(rig)[AdminKey] = "";

        var (response, _) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/routes");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task NoAdminToken_IsSaidAtStart()
    {
        // Off is safe, but "$STRANGLER_ADMIN_TOKEN" unset in the gateway's environment looked like a working start.
        var logs = new CapturedLogLines();
        await using var rig = await Rig.StartAsync("legacy", settings: new Dictionary<string, string?> { [AdminKey] = null },
            services: s => s.AddLogging(b => b.AddProvider(logs)));

        Assert.Contains(logs.Lines, l => l.StartsWith("No Strangler:Gateway:AdminToken configured: the admin API and the dashboard sign-in are off", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(" padded-admin-token-0123456789")]
    [InlineData("padded-admin-token-0123456789 ")]
    public void TokenWithLeadingOrTrailingSpace_IsRefusedAtStart_NamingTheKeyNotTheToken(string token)
    {
        var result = new Strangler.Gateway.Configuration.GatewayOptionsValidator().Validate(null,
            new Strangler.Gateway.Configuration.GatewayOptions { RoutesDirectory = "routes", DefaultUpstream = "http://127.0.0.1:1", AdminToken = token });

        // A bearer header's value is trimmed before comparison, so this token could never have been presented.
        Assert.Equal(["Strangler:Gateway:AdminToken must not start or end with a space; the token is not shown."], result.Failures);
    }

    private const string AdminKey = "Strangler:Gateway:AdminToken";

    // The gateway's own configuration, as a reloaded appsettings.json or a secrets provider would change it.
    private static IConfiguration Configuration(Rig rig) => rig.Gateway.Service<IConfiguration>();

    private static async Task<Rig> StartAsync(CapturedLogLines logs)
    {
        var rig = await Rig.StartAsync("legacy", services: s => s.AddLogging(b => b.AddProvider(logs)));
        var (response, _) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/routes");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return rig;
    }
}
