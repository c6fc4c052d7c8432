using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Tests.Admin;

/// <summary>
/// Bug: the admin API wrote a route's user key as <c>"userKey": {"kind": ...}</c> where route files say
/// <c>"source"</c>, so a route pasted from <c>GET /_strangler/api/routes</c> into a file was rejected (unknown field).
/// </summary>
public sealed class RouteJsonRoundTripTests
{
    // A history line as the gateway wrote it before the fix (userKey.kind), every optional block present.
    private const string OldHistoryLine = """
        {"at":"1970-01-01T00:00:00+00:00","actor":"ada","reason":"r","action":"flip","subdomain":"customers","from":"legacy","to":"canary:20","fromRevision":6,"revision":7,"route":{"name":"customers","paths":["/customers","/customers/{**rest}"],"legacy":"http://127.0.0.1:1","new":"http://127.0.0.1:2","mode":"canary","canaryPercentage":20,"cohort":"people","userKey":{"kind":"cookie","name":"uid"},"fallbackToLegacy":false,"rollout":{"steps":[5,50,100],"bakeSeconds":60,"intervalSeconds":60,"minRequests":100,"rollbackAfter":1,"counting":"total","gates":{"errorRateMargin":0.02,"maxDiffRate":0.001,"httpCheck":"http://x/check"}},"shadow":{"percentage":50,"methods":["GET"],"maxBodyBytes":1048576,"timeout":"00:00:02.5000000","maxConcurrency":64,"queueLength":1024,"ignore":["/createdAt"],"compareHeaders":["Content-Type"],"ignoreHeaders":[],"arraysAsSets":[],"noisePercentage":10,"redactHeaders":[],"redactFields":["/email"]},"revision":7}}
        """;

    [Fact]
    public async Task RouteFromTheApi_WrittenToAFileVerbatim_IsAcceptedAndEqual()
    {
        await using var rig = await Rig.StartAsync("canary", 20, edit: Everything);

        var (_, overview) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/routes");
        var (_, change) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode = "canary", percentage = 30, reason = "more", actor = "ada" });
        var (_, history) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/history?subdomain=customers");

        AssertIsTheRouteFile(overview!["routes"]![0]!["route"]!, "canary", 20);
        AssertIsTheRouteFile(change!["route"]!, "canary", 30);
        AssertIsTheRouteFile(history!["changes"]!.AsArray()[^1]!["route"]!, "canary", 30);
    }

    [Fact]
    public void HistoryWrittenBeforeTheFix_StillReads()
    {
        var change = JsonSerializer.Deserialize<RouteChange>(OldHistoryLine, AdminJson.Options)!;

        Assert.Equal(new UserKeySource { Kind = UserKeyKind.Cookie, Name = "uid" }, change.Route!.UserKey);
        // And it is written back in the file's shape.
        var again = JsonNode.Parse(JsonSerializer.Serialize(change, AdminJson.Options))!["route"]!;
        Assert.Equal("cookie", (string)again["userKey"]!["source"]!);
        Assert.Null(again["userKey"]!["kind"]);
    }

    [Fact]
    public async Task HistoryFileWrittenBeforeTheFix_CanBeRolledBackTo()
    {
        await using var legacy = await Upstream.StartAsync("legacy");
        var directory = RouteFiles.NewDirectory();
        RouteFiles.Write(directory, RouteFiles.Route("customers", legacy.Url, legacy.Url));
        File.WriteAllText(Path.Combine(directory, "history.jsonl"), OldHistoryLine + "\n");
        await using var gateway = await GatewayHost.StartAsync(directory, legacy);

        var (response, change) = await gateway.AdminAsync(HttpMethod.Post, "/rollback",
            new { revision = 7, subdomain = "customers", reason = "back to the cookie", actor = "ops" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("canary:20", (string)change!["to"]!);
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "customers.json")))!;
        Assert.Equal(("cookie", "uid"), ((string)file["userKey"]!["source"]!, (string)file["userKey"]!["name"]!));
    }

    private static void AssertIsTheRouteFile(JsonNode fromApi, string mode, int percentage)
    {
        var directory = RouteFiles.NewDirectory();
        try
        {
            RouteFiles.WriteRaw(directory, "customers.json", fromApi.ToJsonString());

            var load = RouteValidator.LoadDirectory(directory);

            Assert.True(load.IsValid, string.Join("; ", load.Errors));
            var route = load.Routes.Single();
            Assert.Equal((mode, percentage), (RouteModes.ToText(route.Mode), route.CanaryPercentage));
            // Field for field what the gateway writes to the file: a name that differs would show here.
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(RouteFileWriter.Serialize(route)), fromApi),
                $"API: {fromApi.ToJsonString()}\nfile: {System.Text.Encoding.UTF8.GetString(RouteFileWriter.Serialize(route))}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // Every optional part of a route file, so each has to survive the trip.
    private static void Everything(JsonObject route)
    {
        route["cohort"] = "people";
        route["userKey"] = new JsonObject { ["source"] = "cookie", ["name"] = "uid" };
        route["fallbackToLegacy"] = false;
        route["shadow"] = JsonNode.Parse("""
            {"percentage": 50, "methods": ["GET"], "timeout": "00:00:02.5000000", "ignore": ["/createdAt"], "redactFields": ["/email"]}
            """);
        route["rollout"] = JsonNode.Parse("""
            {"steps": [5, 50, 100], "bakeSeconds": 60, "counting": "total", "gates": {"errorRateMargin": 0.02, "maxDiffRate": 0.001}}
            """);
    }
}
