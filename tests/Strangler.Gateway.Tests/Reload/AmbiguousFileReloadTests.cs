using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Tests.Reload;

/// <summary>Issue 9: an ambiguous or oversized file on disk is refused whole; the last good table keeps serving.</summary>
public sealed class AmbiguousFileReloadTests
{
    public static TheoryData<string, string, string> Refused => new()
    {
        { "duplicate mode", "mode", "appears more than once" },
        { "oversized file", "", "larger than 1048576 bytes" },
        { "5 MB path", "", "larger than 1048576 bytes" },
        { "long path", "paths[1]", "more than the 2048 a path pattern may be" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task RefusedFile_LeavesTheLastGoodTableServing_AndSaysWhy(string @case, string field, string message)
    {
        await using var rig = await Rig.StartAsync("legacy");
        var good = RouteFiles.Route("customers", rig.Legacy.Url, rig.New.Url, "new").ToJsonString();
        var content = @case switch
        {
            // Legacy first, new last: a reader that lets the last one win would flip the sub-domain.
            "duplicate mode" => good.Replace("\"mode\":\"new\"", "\"mode\":\"legacy\",\"mode\":\"new\"", StringComparison.Ordinal),
            "oversized file" => good[..^1] + new string(' ', RouteFileLimits.MaxFileBytes) + "}",
            "5 MB path" => good.Replace("\"/customers\",", $"\"/customers\",\"/{new string('x', 5_000_000)}\",", StringComparison.Ordinal),
            _ => good.Replace("\"/customers\",", $"\"/customers\",\"/{new string('x', RouteFileLimits.MaxPathLength)}\",", StringComparison.Ordinal),
        };
        Assert.NotEqual(good, content);
        RouteFiles.WriteRaw(rig.RoutesDirectory, "customers.json.tmp", content);
        File.Move(Path.Combine(rig.RoutesDirectory, "customers.json.tmp"), Path.Combine(rig.RoutesDirectory, "customers.json"), overwrite: true);

        Assert.True(await Eventually.TrueAsync(async () =>
            (await rig.Gateway.AdminAsync(HttpMethod.Get, "/routes")).Body!["lastLoadError"] is not null));
        var (_, overview) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/routes");
        var error = overview!["lastLoadError"]!["errors"]!.AsArray().Single()!;
        Assert.Equal(("customers.json", field), ((string)error["file"]!, (string)error["field"]!));
        Assert.Contains(message, (string)error["message"]!);
        Assert.StartsWith("legacy ", (await rig.Gateway.GetAsync("/customers/1")).Body);
        Assert.Equal("legacy", (string)overview["routes"]!.AsArray().Single()!["route"]!["mode"]!);
    }
}
