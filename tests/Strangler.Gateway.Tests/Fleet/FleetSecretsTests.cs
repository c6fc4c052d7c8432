using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Fleet;

public sealed class FleetSecretsTests
{
    private const string Panel = StranglerWire.Dashboard + "/ui/fleet";

    [Fact]
    public async Task OverrideToken_IssuedByOneReplica_WorksOnAnother()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 2);
        var (response, grant) = await fleet.Replicas[0].AdminAsync(HttpMethod.Post, "/override", new { subdomain = "customers", ttlSeconds = 60 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var (body, _, _) = await fleet.Replicas[1].GetAsync("/customers/1", "u1", ((string)grant!["header"]!, (string)grant["token"]!));

        Assert.StartsWith("new ", body);
    }

    [Fact]
    public async Task DashboardSession_SignedInOnOneReplica_WorksOnAnother_AndNotOnOneWithOtherKeys()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 2);
        var stranger = await fleet.StartReplicaAsync("other-keys", extra: new Dictionary<string, string?>
        {
            ["Strangler:Dashboard:KeysDirectory"] = Path.Combine(fleet.SharedDirectory, "other-keys"),
        });
        var cookies = new CookieContainer();
        using var signIn = Browser(fleet.Replicas[0], cookies);
        (await signIn.PostAsJsonAsync(StranglerWire.Dashboard + "/session", new { token = GatewayHost.AdminToken })).EnsureSuccessStatusCode();

        // The same cookie jar (cookies are not kept per port) sent to the other replicas.
        using var other = Browser(fleet.Replicas[1], cookies);
        using var strangerClient = Browser(stranger, cookies);
        var onOther = await other.GetAsync(Panel);
        var onStranger = await strangerClient.GetAsync(Panel);

        Assert.Equal(HttpStatusCode.OK, onOther.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, onStranger.StatusCode);
    }

    [Fact]
    public async Task FleetWithoutSharedSecrets_RefusesToStart_NamingEachSetting()
    {
        var connectionString = await FleetDatabase.CreateAsync();
        var upstream = await Upstream.StartAsync("legacy");
        await using var _ = upstream;
        var directory = RouteFiles.NewDirectory();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayHost.StartAsync(directory, upstream, new Dictionary<string, string?>
        {
            ["Strangler:Gateway:Fleet:Store"] = "postgres",
            ["Strangler:Gateway:Fleet:ConnectionString"] = connectionString,
            ["Strangler:Gateway:OverrideSigningKey"] = "",
        }));

        Assert.Contains("Strangler:Gateway:OverrideSigningKey is required in a fleet", error.Message);
        Assert.Contains("Strangler:Dashboard:KeysDirectory is required in a fleet", error.Message);
        Assert.DoesNotContain("Password", error.Message);
    }

    private static HttpClient Browser(GatewayHost host, CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(host.Url) };
}
