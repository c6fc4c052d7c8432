using System.Text.Json.Nodes;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Rollout.Plan;

namespace Strangler.Gateway.Tests.Rollout;

public sealed class RolloutPlanTests
{
    [Fact]
    public void AMalformedPlan_ReportsEveryProblemNamingItsField()
    {
        var directory = RouteFiles.NewDirectory();
        var route = RouteFiles.Route("customers", "http://legacy:1", "http://new:2");
        route["rollout"] = JsonNode.Parse("""
            {"steps": [5, 3, 101, "x"], "bakeSeconds": 0, "intervalSeconds": "soon", "counting": "sometimes",
             "gates": {"errorRateMargin": "small", "speed": 1}, "colour": "blue"}
            """);
        RouteFiles.Write(directory, route);

        var result = RouteValidator.LoadDirectory(directory);

        Assert.False(result.IsValid);
        var fields = result.Errors.Select(e => e.Field).ToList();
        Assert.Contains("rollout.steps[3]", fields);
        Assert.Contains("rollout.intervalSeconds", fields);
        Assert.Contains("rollout.counting", fields);
        Assert.Contains("rollout.gates.errorRateMargin", fields);
        Assert.Contains("rollout.gates.speed", fields);
        Assert.Contains("rollout.colour", fields);
        Assert.All(result.Errors, e => Assert.Equal("customers.json", e.File));
        Assert.Empty(result.Routes);
    }

    // Bug: "counting" was compared exactly, so "Total" was refused while "mode": "Canary" and "source": "Header" were taken.
    [Theory]
    [InlineData("Total", FailureCounting.Total)]
    [InlineData("TOTAL", FailureCounting.Total)]
    [InlineData(" total ", FailureCounting.Total)]
    [InlineData("Consecutive", FailureCounting.Consecutive)]
    public void Counting_IsReadInAnyCase_AsTheModeIs_AndWrittenBackInLowerCase(string written, FailureCounting expected)
    {
        var directory = RouteFiles.NewDirectory();
        var route = RouteFiles.Route("customers", "http://legacy:1", "http://new:2");
        route["rollout"] = JsonNode.Parse($$$"""{"steps": [10, 100], "counting": "{{{written}}}", "gates": {"errorRateMargin": 0.01}}""");
        RouteFiles.Write(directory, route);

        var result = RouteValidator.LoadDirectory(directory);

        Assert.Empty(result.Errors);
        var plan = Assert.Single(result.Routes).Rollout!;
        Assert.Equal(expected, plan.Counting);
        var writtenBack = System.Text.Encoding.UTF8.GetString(RouteFileWriter.Serialize(result.Routes[0]));
        Assert.Contains($"\"counting\": \"{expected.ToString().ToLowerInvariant()}\"", writtenBack, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"sometimes\"", "rollout.counting: unknown counting \"sometimes\" (expected \"consecutive\" or \"total\")")]
    [InlineData("1", "rollout.counting: unknown counting 1 (expected \"consecutive\" or \"total\")")]
    [InlineData("\"consecutive,total\"", "rollout.counting: unknown counting \"consecutive,total\" (expected \"consecutive\" or \"total\")")]
    public void AnUnknownCounting_NamesTheAcceptedValues(string written, string error)
    {
        var directory = RouteFiles.NewDirectory();
        var route = RouteFiles.Route("customers", "http://legacy:1", "http://new:2");
        route["rollout"] = JsonNode.Parse($$$"""{"steps": [10, 100], "counting": {{{written}}}, "gates": {"errorRateMargin": 0.01}}""");
        RouteFiles.Write(directory, route);

        var errors = RouteValidator.LoadDirectory(directory).Errors.Select(e => (e with { Line = null }).ToString()).ToList();

        Assert.Equal([$"customers.json: {error}"], errors);
    }

    [Fact]
    public void AWellFormedPlanOutOfRange_ReportsEveryRangeProblem()
    {
        var directory = RouteFiles.NewDirectory();
        var route = RouteFiles.Route("customers", "http://legacy:1", "http://new:2");
        route["rollout"] = JsonNode.Parse("""
            {"steps": [5, 3, 101, 50], "bakeSeconds": 0, "intervalSeconds": 10, "minRequests": 0, "rollbackAfter": 0,
             "gates": {"errorRateMargin": 2, "p99Factor": 0.5, "maxDiffRate": -1, "maxSyncLagSeconds": 0, "maxDrift": 1.5, "httpCheck": "ftp://x"}}
            """);
        RouteFiles.Write(directory, route);

        // Compared without the position (the file is one line; RouteErrorPositionTests checks positions).
        var errors = RouteValidator.LoadDirectory(directory).Errors.Select(e => (e with { Line = null }).ToString()).ToList();

        Assert.Contains("customers.json: rollout.steps[1]: 3 must be greater than the step before it (5)", errors);
        Assert.Contains("customers.json: rollout.steps[2]: 101 is out of range 1..100", errors);
        Assert.Contains("customers.json: rollout.steps: must end with 100 (the flip to new that completes the rollout), ends with 50", errors);
        Assert.Contains("customers.json: rollout.bakeSeconds: 0 is out of range 1..3600", errors);
        Assert.Contains("customers.json: rollout.intervalSeconds: 10 must be from 1 to bakeSeconds (0)", errors);
        Assert.Contains(errors, e => e.StartsWith("customers.json: rollout.minRequests: must be at least 1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("customers.json: rollout.rollbackAfter: must be at least 1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("customers.json: rollout.gates.errorRateMargin: 2 is out of range", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("customers.json: rollout.gates.p99Factor: 0.5 is out of range", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("customers.json: rollout.gates.maxDiffRate: -1 is out of range", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("customers.json: rollout.gates.maxSyncLagSeconds: must be a positive", StringComparison.Ordinal));
        Assert.Contains("customers.json: rollout.gates.maxDrift: 1.5 is out of range 0..1 (a fraction: 0.01 is 1 % of the sampled keys)", errors);
        Assert.Contains("customers.json: rollout.gates.httpCheck: 'ftp://x' is not an absolute http(s) URL", errors);
    }

    [Fact]
    public void APlanWithoutGates_IsRefused()
    {
        var directory = RouteFiles.NewDirectory();
        var route = RouteFiles.Route("customers", "http://legacy:1", "http://new:2");
        route["rollout"] = JsonNode.Parse("""{"steps": [10, 100], "gates": {}}""");
        RouteFiles.Write(directory, route);

        var errors = RouteValidator.LoadDirectory(directory).Errors.Select(e => e.ToString()).ToList();

        var gates = File.ReadAllText(Path.Combine(directory, "customers.json")).IndexOf("\"gates\":{}", StringComparison.Ordinal) + "\"gates\":".Length + 1;
        Assert.Equal([$"customers.json:1:{gates}: rollout.gates: must set at least one gate: errorRateMargin, p99Factor, maxDiffRate, maxSyncLagSeconds, maxDrift or httpCheck"], errors);
    }

    [Fact]
    public void APlan_SurvivesAWriteAndReadBack()
    {
        var route = new RouteDefinition
        {
            Name = "customers", Paths = ["/customers"], Legacy = "http://legacy:1", New = "http://new:2",
            Rollout = new RolloutPlan
            {
                Steps = [1, 5, 25, 50, 100], BakeSeconds = 600, IntervalSeconds = 60, MinRequests = 50, RollbackAfter = 3,
                Counting = FailureCounting.Total,
                Gates = new RolloutGates { ErrorRateMargin = 0.005, P99Factor = 1.5, MaxDiffRate = 0.01, MaxSyncLagSeconds = 2.5, MaxDrift = 0.02, HttpCheck = "http://check/ok" },
            },
        };
        var errors = new List<RouteValidationError>();

        var read = RouteFileReader.Read("customers.json", RouteFileWriter.Serialize(route), errors);

        Assert.Empty(errors);
        Assert.Equal(route.Rollout.Steps, read!.Rollout!.Steps);
        Assert.Equal(route.Rollout with { Steps = read.Rollout.Steps }, read.Rollout);
        Assert.Empty(RouteValidator.Validate([read]));
    }

    [Fact]
    public void TheShippedRoutes_AreValid()
    {
        var result = RouteValidator.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "routes"));
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }
}
