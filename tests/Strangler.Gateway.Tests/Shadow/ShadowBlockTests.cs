using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Tests.Shadow;

public sealed class ShadowBlockTests : IDisposable
{
    private readonly string _directory = RouteFiles.NewDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private RouteLoadResult Load(string shadowJson)
    {
        var route = RouteFiles.Route("customers", "http://127.0.0.1:5101", "http://127.0.0.1:5102");
        var text = route.ToJsonString();
        RouteFiles.WriteRaw(_directory, "customers.json", text[..^1] + ",\"shadow\":" + shadowJson + "}");
        return RouteValidator.LoadDirectory(_directory);
    }

    [Fact]
    public void Load_TheIssuesExample_ReadsEveryField()
    {
        var result = Load("""
            { "percentage": 100, "methods": ["GET", "HEAD"], "maxBodyBytes": 1048576, "timeout": "00:00:05",
              "maxConcurrency": 64, "ignore": ["/createdAt", "/items/*/etag"], "ignoreHeaders": ["Date", "ETag"],
              "arraysAsSets": ["/tags"] }
            """);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var shadow = result.Routes.Single().Shadow!;
        Assert.Equal(TimeSpan.FromSeconds(5), shadow.Timeout);
        Assert.Equal(["/createdAt", "/items/*/etag"], shadow.Ignore);
        Assert.Equal(["/tags"], shadow.ArraysAsSets);
        Assert.Equal(["Content-Type"], shadow.CompareHeaders);
        Assert.Equal(10, shadow.NoisePercentage);
    }

    public static TheoryData<string, string, string> Broken => new()
    {
        { """{"percentage":101}""", "shadow.percentage", "101 is out of range 0..100" },
        { """{"percentage":"all"}""", "shadow.percentage", "must be a whole number" },
        { """{"noisePercentage":-1}""", "shadow.noisePercentage", "out of range 0..100" },
        { """{"maxBodyBytes":0}""", "shadow.maxBodyBytes", "out of range 1..67108864" },
        { """{"timeout":"5s"}""", "shadow.timeout", "must be a duration" },
        { """{"timeout":"00:00:00"}""", "shadow.timeout", "out of range" },
        { """{"maxConcurrency":0}""", "shadow.maxConcurrency", "out of range 1..1024" },
        { """{"queueLength":0}""", "shadow.queueLength", "out of range 1..100000" },
        { """{"methods":[]}""", "shadow.methods", "at least one method" },
        { """{"methods":["get"]}""", "shadow.methods[0]", "'get' is not one of" },
        { """{"methods":["GET","GET"]}""", "shadow.methods[1]", "listed twice" },
        { """{"methods":"GET"}""", "shadow.methods", "must be an array of strings" },
        { """{"ignore":["createdAt"]}""", "shadow.ignore[0]", "is not a JSON Pointer" },
        { """{"arraysAsSets":[3]}""", "shadow.arraysAsSets[0]", "must be a string" },
        { """{"compareHeaders":["Content Type"]}""", "shadow.compareHeaders[0]", "not an HTTP header name" },
        { """{"mirror":true}""", "shadow.mirror", "unknown field" },
        { "true", "shadow", "must be an object" },
        { """{"timeout":"00:00:01","timeout":"00:00:09"}""", "shadow.timeout", "" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Load_BrokenShadowField_IsRejectedNamingIt(string shadow, string field, string message)
    {
        var result = Load(shadow);

        Assert.False(result.IsValid);
        Assert.Empty(result.Routes);
        Assert.Contains(result.Errors, e => e.File == "customers.json" && e.Field == field && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_SeveralBadShadowFields_ReportsEveryOne()
    {
        var result = Load("""{"percentage":200,"timeout":"x","methods":["FETCH"],"ignore":["a"]}""");

        Assert.Equal(["shadow.ignore[0]", "shadow.methods[0]", "shadow.percentage", "shadow.timeout"],
            result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Writer_RoundTripsTheBlock_SoAFlipKeepsIt()
    {
        var result = Load("""{"percentage":25,"methods":["GET","POST"],"timeout":"00:00:01.500","ignore":["/a"],"redactFields":["/token"],"redactHeaders":["X-Api-Key"],"noisePercentage":0}""");
        var route = result.Routes.Single() with { Mode = RouteMode.Canary, CanaryPercentage = 5 };

        File.WriteAllBytes(Path.Combine(_directory, "customers.json"), RouteFileWriter.Serialize(route));
        var reread = RouteValidator.LoadDirectory(_directory);

        Assert.True(reread.IsValid, string.Join("\n", reread.Errors));
        var shadow = reread.Routes.Single().Shadow!;
        Assert.Equal(TimeSpan.FromMilliseconds(1500), shadow.Timeout);
        Assert.Equal(["GET", "POST"], shadow.Methods);
        Assert.Equal(["/token"], shadow.RedactFields);
        Assert.Equal(["X-Api-Key"], shadow.RedactHeaders);
        Assert.Equal(0, shadow.NoisePercentage);
        Assert.True(RouteFileWriter.SameContent(route, reread.Routes.Single()));
    }

    [Fact]
    public void Plan_RouteInNewMode_DoesNotShadow()
    {
        var settings = new ShadowSettings();
        var route = new RouteDefinition { Name = "c", Paths = ["/c"], Legacy = "http://a", New = "http://b", Shadow = settings };

        Assert.NotNull(Strangler.Gateway.Shadow.ShadowPlan.For(route with { Mode = RouteMode.Canary }));
        Assert.Null(Strangler.Gateway.Shadow.ShadowPlan.For(route with { Mode = RouteMode.New }));
        Assert.Null(Strangler.Gateway.Shadow.ShadowPlan.For(route with { Shadow = settings with { Percentage = 0 } }));
    }
}
