using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Strangler.Dashboard.Tests.Infrastructure;

namespace Strangler.Dashboard.Tests.Security;

/// <summary>Issue 9: failed sign-ins and admin-API authentications are rate-limited per client address.</summary>
public sealed class AuthFailureLimitTests(Upstreams upstreams)
{
    private const string WrongToken = "guess-SECRET-0123456789";

    private static Dictionary<string, string?> Limit(int failures) => new()
    {
        ["Strangler:Gateway:AuthFailureLimit"] = failures.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Strangler:Gateway:AuthFailureWindow"] = "00:10:00",
    };

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string token) =>
        client.PostAsJsonAsync("/_strangler/session", new { token }, TestContext.Current.CancellationToken);

    private static Task<HttpResponseMessage> AdminAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_strangler/api/routes");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task WrongSignInBurst_Gets429WithRetryAfter_EvenForTheRightToken_WhileAnotherAddressSignsIn()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, Limit(3));
        using var guesser = ClientAddress.From("127.0.0.2", gateway.Url);
        using var operatorClient = ClientAddress.From("127.0.0.3", gateway.Url);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(guesser, WrongToken + i)).StatusCode);
        }

        var refused = await SignInAsync(guesser, GatewayUnderTest.AdminToken);
        var signedIn = await SignInAsync(operatorClient, GatewayUnderTest.AdminToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 600);
        Assert.False(refused.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync("/_strangler/ui/overview", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task AdminRequestsWithoutAToken_AreRefused_ButGuessNothing_SoTheyDoNotLockTheAddressOut()
    {
        // A script that forgot to export the token sent a few of these, and locked every admin on its address out.
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, Limit(3));
        using var client = ClientAddress.From("127.0.0.2", gateway.Url);

        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync("/_strangler/api/routes", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await AdminAsync(client, GatewayUnderTest.AdminToken)).StatusCode);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await AdminAsync(client, WrongToken)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await AdminAsync(client, GatewayUnderTest.AdminToken)).StatusCode);
    }

    [Fact]
    public async Task WrongAdminTokenBurst_Gets429_AndCountsWithSignIns_WhileAnotherAddressIsServed()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, Limit(3));
        using var guesser = ClientAddress.From("127.0.0.2", gateway.Url);
        using var operatorClient = ClientAddress.From("127.0.0.3", gateway.Url);

        Assert.Equal(HttpStatusCode.Unauthorized, (await AdminAsync(guesser, WrongToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(guesser, WrongToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AdminAsync(guesser, "")).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await AdminAsync(guesser, GatewayUnderTest.AdminToken)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(guesser, GatewayUnderTest.AdminToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AdminAsync(operatorClient, GatewayUnderTest.AdminToken)).StatusCode);
    }

    [Fact]
    public async Task SuccessfulAuthentications_AreNotCounted()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, Limit(2));
        using var client = ClientAddress.From("127.0.0.2", gateway.Url);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SignInAsync(client, GatewayUnderTest.AdminToken)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await AdminAsync(client, GatewayUnderTest.AdminToken)).StatusCode);
        }

        // The limit still holds for failures after all those successes: two wrong, then refused.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(client, WrongToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(client, WrongToken)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(client, GatewayUnderTest.AdminToken)).StatusCode);
    }

    [Fact]
    public async Task EveryRefusal_IsLoggedWithTheAddress_AndNoTokenIsEverLogged()
    {
        var logs = new CapturedLogs();
        await using var gateway = await GatewayUnderTest.StartAsync(upstreams, Limit(2), logs: logs);
        using var guesser = ClientAddress.From("127.0.0.2", gateway.Url);
        using var operatorClient = ClientAddress.From("127.0.0.3", gateway.Url);

        await SignInAsync(guesser, WrongToken + "a");
        await AdminAsync(guesser, WrongToken + "b");
        await SignInAsync(guesser, GatewayUnderTest.AdminToken);
        await AdminAsync(guesser, GatewayUnderTest.AdminToken);
        await SignInAsync(operatorClient, GatewayUnderTest.AdminToken);
        await AdminAsync(operatorClient, GatewayUnderTest.AdminToken);

        var warnings = logs.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Text).ToList();
        Assert.Contains("Dashboard sign-in refused from 127.0.0.2: wrong admin token", warnings);
        Assert.Contains("Admin API authentication refused from 127.0.0.2: missing or wrong admin token", warnings);
        Assert.Contains(warnings, w => w.StartsWith("Dashboard sign-in from 127.0.0.2 refused without checking the token", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("Admin API request from 127.0.0.2 refused without checking the token", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, w => w.Contains("127.0.0.3", StringComparison.Ordinal));
        Assert.DoesNotContain("SECRET", logs.All);
        Assert.DoesNotContain(GatewayUnderTest.AdminToken, logs.All);
    }
}
