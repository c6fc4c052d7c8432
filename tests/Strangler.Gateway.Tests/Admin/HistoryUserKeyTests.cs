using System.Text.Json;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Admin;

/// <summary>
/// Bug: the history's user-key reader (<see cref="UserKeySourceJsonConverter"/>) parsed the source with
/// Enum.TryParse, so "header, cookie" read as cookie and "cookie, claim" as a kind that does not exist, and it skipped
/// fields it did not know ("nmae") and let a second source win. A rollback to such an entry served a user key nobody
/// wrote. Now each is refused naming the field, and a history line that does not read is named in the log.
/// </summary>
public sealed class HistoryUserKeyTests
{
    public static TheoryData<string, string> Malformed => new()
    {
        { """{"source":"header, cookie","name":"uid"}""", "userKey.source: unknown source 'header, cookie' (expected \"header\", \"cookie\" or \"claim\")" },
        { """{"source":"cookie, claim","name":"uid"}""", "userKey.source: unknown source 'cookie, claim'" },
        { """{"kind":"1","name":"uid"}""", "userKey.kind: unknown source '1'" },
        { """{"source":1,"name":"uid"}""", "userKey.source must be a string: \"header\", \"cookie\" or \"claim\", found a number" },
        { """{"source":"header","name":"uid","nmae":"x"}""", "userKey.nmae: unknown field (known: source, name)" },
        { """{"source":"header","source":"cookie","name":"uid"}""", "userKey.source is written twice" },
        { """{"source":"header","kind":"cookie","name":"uid"}""", "userKey has both source and kind" },
        { """{"source":"header","name":" "}""", "userKey.name must be the header, cookie or claim name, found a blank string" },
        { """{"source":"header"}""", "userKey needs a name" },
        { "\"X-User-Id\"", "userKey must be an object" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void AMalformedUserKey_IsRefusedNamingWhatIsWrong(string userKey, string message)
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RouteChange>(Line(userKey), AdminJson.Options));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"source":"cookie","name":"uid"}""")]
    [InlineData("""{"source":"Cookie","name":"uid"}""")]
    [InlineData("""{"kind":"cookie","name":"uid"}""")]
    public void AWellFormedUserKey_Reads_InAnyCase_AsRouteFilesDo(string userKey)
    {
        var change = JsonSerializer.Deserialize<RouteChange>(Line(userKey), AdminJson.Options)!;

        Assert.Equal(new UserKeySource { Kind = UserKeyKind.Cookie, Name = "uid" }, change.Route!.UserKey);
    }

    [Fact]
    public void AHistoryLineThatDoesNotRead_IsNamedInTheLog_AndTheOthersAreKept()
    {
        var directory = RouteFiles.NewDirectory();
        var path = Path.Combine(directory, "history.jsonl");
        File.WriteAllLines(path, [Line("""{"source":"cookie","name":"uid"}"""), Line("""{"source":"header, cookie","name":"uid"}"""),
            Line("""{"source":"header","name":"X-User-Id"}""")]);
        var log = new CapturedLogLines();

        var store = new RouteHistoryStore(path, log.CreateLogger("history"));

        Assert.Equal(2, store.All().Count);
        var line = Assert.Single(log.Lines);
        Assert.Contains($"History file {path}, line 2, is not read", line, StringComparison.Ordinal);
        Assert.Contains("userKey.source: unknown source 'header, cookie'", line, StringComparison.Ordinal);
    }

    private static string Line(string userKey) =>
        """{"at":"1970-01-01T00:00:00+00:00","actor":"ada","reason":"r","action":"flip","subdomain":"customers","from":"legacy","to":"canary:20","revision":7,"route":{"name":"customers","paths":["/customers"],"legacy":"http://127.0.0.1:1","new":"http://127.0.0.1:2","mode":"canary","canaryPercentage":20,"userKey":"""
        + userKey + ""","revision":7}}""";
}
