using System.Net;
using System.Text.Json.Nodes;

namespace Strangler.Gateway.Tests.Admin;

public sealed class AdminApiTests
{
    [Fact]
    public async Task GetRoutes_ListsModePercentageAndRevision()
    {
        await using var rig = await Rig.StartAsync("canary", 25);

        var (response, body) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/routes");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var route = body!["routes"]!.AsArray().Single()!["route"]!;
        Assert.Equal("customers", (string)route["name"]!);
        Assert.Equal("canary", (string)route["mode"]!);
        Assert.Equal(25, (int)route["canaryPercentage"]!);
        Assert.Equal(1, (int)route["revision"]!);
        Assert.True((bool)body["loaded"]!);
        Assert.Null(body["lastLoadError"]);
    }

    [Fact]
    public async Task Flip_WritesRouteFileRecordsHistoryAndServesAtOnce()
    {
        await using var rig = await Rig.StartAsync("legacy");

        var (response, change) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode = "canary", percentage = 100, reason = "first canary", actor = "ada" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("legacy", (string)change!["from"]!);
        Assert.Equal("canary:100", (string)change["to"]!);
        Assert.Equal(2, (long)change["revision"]!);
        var (body, servedBy, _) = await rig.Gateway.GetAsync("/customers/1", "u1");
        Assert.StartsWith("new ", body);
        Assert.Equal("new; rev=2", servedBy);

        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(rig.RoutesDirectory, "customers.json")))!;
        Assert.Equal("canary", (string)file["mode"]!);
        Assert.Equal(100, (int)file["canaryPercentage"]!);
        Assert.Equal(2, (long)file["revision"]!);

        var (_, history) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/history?subdomain=customers");
        var last = history!["changes"]!.AsArray()[^1]!;
        Assert.Equal(("ada", "first canary", "flip", "legacy", "canary:100"),
            ((string)last["actor"]!, (string)last["reason"]!, (string)last["action"]!, (string)last["from"]!, (string)last["to"]!));
        Assert.True(DateTimeOffset.Parse((string)last["at"]!) > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Rollback_RestoresAnEarlierRevision_AsANewRevision()
    {
        await using var rig = await Rig.StartAsync("legacy");
        await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip", new { subdomain = "customers", mode = "canary", percentage = 20, reason = "r1" });
        await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip", new { subdomain = "customers", mode = "new", reason = "r2" });

        var (response, change) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/rollback",
            new { revision = 2, reason = "new side misbehaves", actor = "ops" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("rollback", "new", "canary:20", 4L), ((string)change!["action"]!, (string)change["from"]!, (string)change["to"]!, (long)change["revision"]!));
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(rig.RoutesDirectory, "customers.json")))!;
        Assert.Equal(("canary", 20), ((string)file["mode"]!, (int)file["canaryPercentage"]!));

        var (back, _) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/rollback", new { revision = 1, subdomain = "customers", reason = "all the way back" });
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        var (body, servedBy, _) = await rig.Gateway.GetAsync("/customers/1", "u1");
        Assert.StartsWith("legacy ", body);
        Assert.Equal("legacy; rev=5", servedBy);
    }

    [Fact]
    public async Task Rollback_UnknownRevision_Is404AndChangesNothing()
    {
        await using var rig = await Rig.StartAsync("legacy");
        var before = File.ReadAllText(Path.Combine(rig.RoutesDirectory, "customers.json"));

        var (response, problem) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/rollback", new { revision = 77, reason = "x" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no recorded revision 77", problem!["errors"]!["revision"]![0]!.ToString());
        Assert.Equal(before, File.ReadAllText(Path.Combine(rig.RoutesDirectory, "customers.json")));
    }

    [Fact]
    public async Task NoAdminTokenConfigured_AdminApiIsOff()
    {
        await using var rig = await Rig.StartAsync("legacy", settings: new Dictionary<string, string?> { ["Strangler:Gateway:AdminToken"] = "" });

        var (get, _) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/routes");
        var (flip, _) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip", new { subdomain = "customers", mode = "new", reason = "x" });

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, flip.StatusCode);
        Assert.Equal(0, rig.Legacy.RequestCount);
        Assert.StartsWith("legacy ", (await rig.Gateway.GetAsync("/customers")).Body);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token-wrong-token")]
    [InlineData("test-admin-token-012345678")]
    [InlineData("test-admin-token-0123456789x")]
    public async Task Flip_WithoutTheRightToken_Is401AndChangesNothing(string? token)
    {
        await using var rig = await Rig.StartAsync("legacy");
        var before = File.ReadAllText(Path.Combine(rig.RoutesDirectory, "customers.json"));

        var (response, _) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode = "new", reason = "sneaky" }, token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(before, File.ReadAllText(Path.Combine(rig.RoutesDirectory, "customers.json")));
        Assert.StartsWith("legacy ", (await rig.Gateway.GetAsync("/customers")).Body);
        Assert.DoesNotContain(rig.Gateway.Service<Strangler.Gateway.Admin.RouteAdmin>().GetHistory(), c => c.Action == "flip");
    }

    public static TheoryData<string, int, string, string> Malformed => new()
    {
        { "{not json", 400, "body", "not valid JSON" },
        // Line and column from 1, in characters as an editor shows them (the 'é' is two bytes), as in a route file.
        { "{\"subdomain\":\"customers\",\n\"reason\":\"é\" \"mode\":\"new\"}", 400, "body", "is not valid JSON at line 2, column 14: '\"' is invalid after a value" },
        { "[1]", 400, "body", "JSON object" },
        { """{"subdomain":"customers","mode":"sideways","reason":"x"}""", 400, "mode", "unknown mode 'sideways'" },
        // Bug: a number was answered "must be a string", without the modes; "mode": 1 is no shorthand for canary.
        { """{"subdomain":"customers","mode":1,"reason":"x"}""", 400, "mode", "must be \"legacy\", \"canary\" or \"new\" (a string), found 1" },
        { """{"subdomain":"customers","mode":"1","reason":"x"}""", 400, "mode", "unknown mode '1' (expected \"legacy\", \"canary\" or \"new\")" },
        { """{"subdomain":"customers","mode":"legacy, new","reason":"x"}""", 400, "mode", "unknown mode 'legacy, new'" },
        { """{"subdomain":"customers","mode":"canary","reason":"x"}""", 400, "percentage", "required for mode canary" },
        { """{"subdomain":"customers","mode":"canary","percentage":150,"reason":"x"}""", 400, "percentage", "150 is out of range 0..100" },
        { """{"subdomain":"customers","mode":"canary","percentage":"ten","reason":"x"}""", 400, "percentage", "whole number" },
        // Bug: accepted, the percentage dropped; it read as if a 30 % canary had been set.
        { """{"subdomain":"customers","mode":"new","percentage":30,"reason":"x"}""", 400, "percentage", "is only for mode canary; mode new takes none" },
        { """{"subdomain":"customers","mode":"new"}""", 400, "reason", "is required" },
        { """{"mode":"new","reason":"x"}""", 400, "subdomain", "is required" },
        { """{"subdomain":"customers","mode":"new","reason":"x","percentge":5}""", 400, "percentge", "unknown field; did you mean 'percentage'? known: " },
        // Bug: the route files' name for the percentage got "unknown field" and the list, no suggestion.
        { """{"subdomain":"customers","mode":"canary","reason":"x","canaryPercentage":5}""", 400, "canaryPercentage", "unknown field; did you mean 'percentage'?" },
        { """{"subdomain":"customers","mode":"new","Reason":"x"}""", 400, "Reason", "did you mean 'reason'? (field names are case-sensitive)" },
        { """{"subdomain":"payments","mode":"new","reason":"x"}""", 404, "subdomain", "no sub-domain named 'payments'" },
        { """{"subdomain":"customers","mode":"legacy","mode":"new","reason":"x"}""", 400, "mode", "appears more than once" },
        { """{"subdomain":"customers","mode":"new","reason":"x","reason":"y"}""", 400, "reason", "appears more than once" },
        { "{\"subdomain\":\"customers\",\"mode\":\"new\",\"reason\":\"" + new string('x', 70_000) + "\"}", 400, "body", "at most 65536 bytes" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task Flip_MalformedRequest_SaysWhichFieldAndChangesNothing(string body, int status, string field, string message)
    {
        await using var rig = await Rig.StartAsync("legacy");
        var before = File.ReadAllText(Path.Combine(rig.RoutesDirectory, "customers.json"));

        var (response, problem) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip", body);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(message, problem!["errors"]![field]![0]!.ToString());
        // The one-line detail (what curl users and the dashboard read) names the field first, as the errors do.
        Assert.StartsWith($"{field}: ", (string)problem["detail"]!);
        Assert.Equal(before, File.ReadAllText(Path.Combine(rig.RoutesDirectory, "customers.json")));
        Assert.DoesNotContain(rig.Gateway.Service<Strangler.Gateway.Admin.RouteAdmin>().GetHistory(), c => c.Action == "flip");
    }

    [Fact]
    public async Task Rollback_DuplicateField_IsRefusedAndChangesNothing()
    {
        await using var rig = await Rig.StartAsync("legacy");
        await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip", new { subdomain = "customers", mode = "new", reason = "r1" });

        var (response, problem) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/rollback",
            """{"revision":1,"revision":2,"subdomain":"customers","reason":"x"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("appears more than once", problem!["errors"]!["revision"]![0]!.ToString());
        Assert.StartsWith("new ", (await rig.Gateway.GetAsync("/customers/1", "u1")).Body);
        Assert.DoesNotContain(rig.Gateway.Service<Strangler.Gateway.Admin.RouteAdmin>().GetHistory(), c => c.Action == "rollback");
    }

    [Fact]
    public async Task Flip_SeveralProblems_AreAllReportedAtOnce()
    {
        await using var rig = await Rig.StartAsync("legacy");

        var (response, problem) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip",
            """{"subdomain":"customers","mode":"canary","percentage":150,"actor":7}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = problem!["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal);
        Assert.Equal(["actor", "percentage", "reason"], fields);
    }

    [Fact]
    public async Task History_SurvivesARestart()
    {
        var legacy = await Upstream.StartAsync("legacy");
        await using var _ = legacy;
        var directory = RouteFiles.NewDirectory();
        RouteFiles.Write(directory, RouteFiles.Route("customers", legacy.Url, legacy.Url));
        await using (var first = await GatewayHost.StartAsync(directory, legacy, ownsDirectory: false))
        {
            await first.AdminAsync(HttpMethod.Post, "/flip", new { subdomain = "customers", mode = "new", reason = "go", actor = "ada" });
        }

        await using var second = await GatewayHost.StartAsync(directory, legacy);
        var (_, history) = await second.AdminAsync(HttpMethod.Get, "/history");

        var changes = history!["changes"]!.AsArray();
        Assert.Contains(changes, c => (string)c!["actor"]! == "ada" && (string)c["to"]! == "new");
        Assert.DoesNotContain(changes, c => (string)c!["action"]! == "file" && (string)c["to"]! == "new");
    }

    [Fact]
    public async Task UnwritableHistoryFile_DoesNotStopStartOrFlips()
    {
        var historyIsADirectory = RouteFiles.NewDirectory();
        await using var rig = await Rig.StartAsync("legacy", settings: new Dictionary<string, string?>
        {
            ["Strangler:Gateway:HistoryFile"] = historyIsADirectory,
        });

        var (response, _) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip", new { subdomain = "customers", mode = "new", reason = "go" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("new ", (await rig.Gateway.GetAsync("/customers/1")).Body);
        Assert.Contains(rig.Gateway.Service<Strangler.Gateway.Admin.RouteAdmin>().GetHistory(), c => c.Action == "flip");
        Directory.Delete(historyIsADirectory);
    }
}
