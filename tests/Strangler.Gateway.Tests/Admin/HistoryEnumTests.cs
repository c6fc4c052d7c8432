using System.Text.Json;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Rollout.Plan;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Admin;

/// <summary>
/// Bug: the history (and the fleet's history, and the rollout state) read enums with JsonStringEnumConverter, which
/// takes a number as whatever member has it: a history entry with <c>"mode": 2</c> (or "2", or "legacy, new") read
/// as <c>new</c>, and a rollback to it, or a start with a bad route file, served the sub-domain from a mode nobody
/// named; <c>"counting": 1</c> read as total, <c>"status": 2</c> as a completed rollout. Each is now refused with the
/// words accepted, and the line is skipped naming the field, as a malformed user key already was.
/// </summary>
public sealed class HistoryEnumTests
{
    public static TheoryData<string, string, string> Refused => new()
    {
        { "mode", "2", "a route mode must be one of \"legacy\", \"canary\" or \"new\" (a string), found the number 2" },
        { "mode", "1.0", "found the number 1.0" },
        { "mode", "\"2\"", "unknown route mode '2' (expected \"legacy\", \"canary\" or \"new\")" },
        { "mode", "\"legacy, new\"", "unknown route mode 'legacy, new'" },
        { "mode", "\"Legacy,New\"", "unknown route mode 'Legacy,New'" },
        { "mode", "\"sideways\"", "unknown route mode 'sideways'" },
        { "mode", "true", "found a boolean" },
        { "mode", "null", "found null" },
        { "counting", "1", "a failure counting must be one of \"consecutive\" or \"total\" (a string), found the number 1" },
        { "counting", "\"1\"", "unknown failure counting '1' (expected \"consecutive\" or \"total\")" },
        { "counting", "\"consecutive, total\"", "unknown failure counting 'consecutive, total'" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void AHistoryEntry_WithAnythingButAWord_IsRefusedListingTheWords(string field, string value, string message)
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RouteChange>(Line(field, value), AdminJson.Options));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(field == "mode" ? "$.route.mode" : "$.route.rollout.counting", ex.Path);
    }

    [Theory]
    [InlineData("mode", "\"canary\"")]
    [InlineData("mode", "\"Canary\"")]
    [InlineData("mode", "\" CANARY \"")]
    [InlineData("counting", "\"Total\"")]
    public void AHistoryEntry_ReadsTheWords_InAnyCase_AsRouteFilesDo(string field, string value)
    {
        var route = JsonSerializer.Deserialize<RouteChange>(Line(field, value), AdminJson.Options)!.Route!;

        Assert.Equal(field == "mode" ? RouteMode.Canary : RouteMode.New, route.Mode);
        Assert.Equal(field == "counting" ? FailureCounting.Total : FailureCounting.Consecutive, route.Rollout!.Counting);
    }

    [Fact]
    public void AHistoryEntry_IsWrittenWithTheWords_AndReadsBack()
    {
        var change = JsonSerializer.Deserialize<RouteChange>(Line("counting", "\"total\""), AdminJson.Options)!;

        var json = JsonSerializer.Serialize(change, AdminJson.Options);

        Assert.Contains("\"mode\":\"new\"", json, StringComparison.Ordinal);
        Assert.Contains("\"counting\":\"total\"", json, StringComparison.Ordinal);
        Assert.Equal(JsonSerializer.Serialize(JsonSerializer.Deserialize<RouteChange>(json, AdminJson.Options), AdminJson.Options), json);
    }

    [Fact]
    public void AnUndefinedValue_IsNeverWrittenAsANumber()
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Serialize(new { mode = (RouteMode)7 }, AdminJson.Options));

        Assert.Contains("7 is not a route mode", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AHistoryLineWithANumberedMode_IsSkipped_NamingTheLineTheColumnAndTheField()
    {
        var directory = RouteFiles.NewDirectory();
        var path = Path.Combine(directory, "history.jsonl");
        var numbered = Line("mode", "2");
        File.WriteAllLines(path, [Line("mode", "\"canary\""), numbered]);
        var log = new CapturedLogLines();

        var store = new RouteHistoryStore(path, log.CreateLogger("history"));

        Assert.Equal(RouteMode.Canary, Assert.Single(store.All()).Route!.Mode);
        var line = Assert.Single(log.Lines);
        Assert.Contains($"History file {path}, line 2, is not read", line, StringComparison.Ordinal);
        Assert.Contains($"column {numbered.IndexOf("\"mode\":2", StringComparison.Ordinal) + "\"mode\":".Length + 2} ($.route.mode): a route mode must be one of", line, StringComparison.Ordinal);
    }

    private static string Line(string field, string value)
    {
        var mode = field == "mode" ? value : "\"new\"";
        var counting = field == "counting" ? value : "\"consecutive\"";
        return """{"at":"1970-01-01T00:00:00+00:00","actor":"ada","reason":"r","action":"flip","subdomain":"customers","from":"legacy","to":"new","revision":7,"route":{"name":"customers","paths":["/customers"],"legacy":"http://127.0.0.1:1","new":"http://127.0.0.1:2","mode":"""
            + mode + ""","canaryPercentage":20,"rollout":{"steps":[1,100],"counting":""" + counting + ""","gates":{"errorRateMargin":0.01}},"revision":7}}""";
    }
}
