using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Strangler.Gateway.Admin;

namespace Strangler.Gateway.Tests.Admin;

/// <summary>
/// Every error under <c>/_strangler/api</c> has one shape (<see cref="AdminProblem"/>): <c>application/problem+json</c>
/// with a <c>title</c>, a <c>detail</c> naming what is wrong, and <c>errors</c>, field to messages. Bug: an unknown path,
/// a wrong method and the admin API being off were empty 404s; the token check's 401 and 429 had no <c>errors</c>;
/// rollout refusals put <c>errors</c> as a list of lines.
/// </summary>
public sealed class AdminErrorShapeTests
{
    private const string WrongToken = "not-the-admin-token-0123456789";

    [Fact]
    public async Task EveryErrorOfTheAdminApi_IsAProblemWithTitleDetailAndErrorsByField()
    {
        await using var rig = await Rig.StartAsync("legacy");
        // (method, path, body, token, status, field, what the detail must say)
        (HttpMethod, string, object?, string?, HttpStatusCode, string, string)[] cases =
        [
            (HttpMethod.Get, "/routes", null, null, HttpStatusCode.Unauthorized, "authorization", "a bearer token is required"),
            (HttpMethod.Get, "/routes", null, WrongToken, HttpStatusCode.Unauthorized, "authorization", "the bearer token was refused"),
            (HttpMethod.Get, "/nope", null, GatewayHost.AdminToken, HttpStatusCode.NotFound, "path",
                "no admin API endpoint at /_strangler/api/nope; there are: GET /_strangler/api/diffs, "),
            (HttpMethod.Get, "/flip", null, GatewayHost.AdminToken, HttpStatusCode.MethodNotAllowed, "method", "/_strangler/api/flip takes POST, not GET"),
            (HttpMethod.Post, "/routes", new { }, GatewayHost.AdminToken, HttpStatusCode.MethodNotAllowed, "method", "/_strangler/api/routes takes GET, not POST"),
            (HttpMethod.Post, "/flip", new { subdomain = "customers", mode = "sideways", reason = "x" }, GatewayHost.AdminToken,
                HttpStatusCode.BadRequest, "mode", "mode: "),
            (HttpMethod.Post, "/flip", new { subdomain = "invoices", mode = "new", reason = "x" }, GatewayHost.AdminToken,
                HttpStatusCode.NotFound, "subdomain", "no sub-domain named 'invoices'"),
            (HttpMethod.Post, "/rollback", new { revision = 77, reason = "x" }, GatewayHost.AdminToken,
                HttpStatusCode.NotFound, "revision", "no recorded revision 77"),
            (HttpMethod.Get, "/history?subdomain=custmers", null, GatewayHost.AdminToken, HttpStatusCode.NotFound, "subdomain", "custmers"),
            (HttpMethod.Get, "/rollout/invoices", null, GatewayHost.AdminToken, HttpStatusCode.NotFound, "subdomain", "no sub-domain named 'invoices'"),
            (HttpMethod.Post, "/rollout/customers/launch", null, GatewayHost.AdminToken, HttpStatusCode.NotFound, "command",
                "unknown rollout command 'launch'"),
            (HttpMethod.Post, "/rollout/customers/start", new { reason = "go" }, GatewayHost.AdminToken, HttpStatusCode.BadRequest, "rollout",
                "rollout: customers.json has no 'rollout' plan"),
            (HttpMethod.Get, "/diffs?subdomain=invoices", null, GatewayHost.AdminToken, HttpStatusCode.NotFound, "subdomain", "no route named 'invoices'"),
            (HttpMethod.Post, "/diffs/reset", new { }, GatewayHost.AdminToken, HttpStatusCode.BadRequest, "subdomain", "subdomain: "),
        ];

        foreach (var (method, path, body, token, status, field, detail) in cases)
        {
            var (response, problem) = await rig.Gateway.AdminAsync(method, path, body, token);
            AssertProblem($"{method} {path}", response, problem, status, field, detail);
            Assert.DoesNotContain(WrongToken, problem!.ToJsonString(), StringComparison.Ordinal);
        }

        var (wrongMethod, _) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/flip");
        Assert.Equal("POST", wrongMethod.Content.Headers.Allow.Single());
        var (missing, _) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/routes", token: null);
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task ATokenOfAnotherScheme_IsSaidToBeNoBearerToken()
    {
        await using var rig = await Rig.StartAsync("legacy");
        using var request = new HttpRequestMessage(HttpMethod.Get, StranglerWire.AdminApi + "/routes");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "YWRtaW46c2VjcmV0");

        using var response = await rig.Gateway.Client.SendAsync(request, TestContext.Current.CancellationToken);

        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        AssertProblem("Basic", response, problem, HttpStatusCode.Unauthorized, "authorization", "is not a bearer token");
        Assert.DoesNotContain("YWRtaW46c2VjcmV0", problem!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooManyWrongTokens_Is429WithRetryAfter_InTheSameShape()
    {
        await using var rig = await Rig.StartAsync("legacy", settings: new Dictionary<string, string?> { ["Strangler:Gateway:AuthFailureLimit"] = "1" });
        await rig.Gateway.AdminAsync(HttpMethod.Get, "/routes", token: WrongToken);

        var (response, problem) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/routes", token: WrongToken);

        AssertProblem("429", response, problem, HttpStatusCode.TooManyRequests, "authorization", "too many wrong tokens from this address; try again in ");
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task WithoutAnAdminToken_TheApiSaysItIsOff()
    {
        await using var rig = await Rig.StartAsync("legacy", settings: new Dictionary<string, string?> { ["Strangler:Gateway:AdminToken"] = "" });

        var (response, problem) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/routes");

        AssertProblem("off", response, problem, HttpStatusCode.NotFound, "adminApi",
            "adminApi: is off on this gateway: no admin token is configured (Strangler:Gateway:AdminToken)");
    }

    private static void AssertProblem(string request, HttpResponseMessage response, JsonNode? problem, HttpStatusCode status, string field, string detail)
    {
        Assert.True(response.StatusCode == status, $"{request}: {(int)response.StatusCode} {problem?.ToJsonString()}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"{request}: {response.Content.Headers.ContentType}");
        Assert.False(string.IsNullOrWhiteSpace((string?)problem!["title"]), request);
        Assert.True(((string?)problem["detail"] ?? "").Contains(detail, StringComparison.Ordinal), $"{request}: {problem["detail"]}");
        var errors = Assert.IsType<JsonObject>(problem["errors"], exactMatch: false);
        Assert.True(errors[field] is JsonArray { Count: > 0 } messages && messages.All(m => m is JsonValue), $"{request}: {errors.ToJsonString()}");
        Assert.Equal((int)status, (int)problem["status"]!);
    }
}
