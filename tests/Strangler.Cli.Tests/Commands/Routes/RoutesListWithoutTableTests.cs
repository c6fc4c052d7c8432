using System.Net;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Routes;

/// <summary>
/// <c>routes list</c> against a gateway that started over a bad route file with no history, so it has no route table.
/// Bug: it printed an empty header and "the table above is still serving", exit 0, while every request was answered 503.
/// </summary>
public sealed class RoutesListWithoutTableTests(UpstreamsFixture upstreams)
{
    [Fact]
    public async Task List_GatewayWithNoRouteTable_SaysEveryRequestIsAnswered503_ListsTheErrors_ExitsOne()
    {
        using var directory = new TempDirectory();
        var routes = directory.Combine("routes");
        RouteFiles.Write(routes, "customers", upstreams.Legacy, upstreams.New);
        var file = Path.Combine(routes, "customers.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"mode\"", "\"mdoe\"", StringComparison.Ordinal));
        await using var gateway = await GatewayHost.StartAsync(routes, upstreams.Legacy.ToString(),
            new Dictionary<string, string?> { ["Strangler:Gateway:HistoryFile"] = directory.Combine("history.jsonl") });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await gateway.GetAsync("/customers/1")).Response.StatusCode);

        var result = await CliRunner.RunAsync("routes", "list", "--gateway", gateway.Url, "--token", GatewayHost.AdminToken);

        Assert.True(result.ExitCode == 1, result.ToString());
        var lines = result.Error.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("The gateway has no route table: every request through it is answered 503 until the route files are fixed.", lines[0]);
        // The time as routes history prints one, not the API's "2026-12-04T10:06:39.5745877+00:00".
        Assert.Matches(@"^Its route files were rejected at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC:$", lines[1]);
        Assert.Contains(lines, l => l.StartsWith("  customers.json:1:", StringComparison.Ordinal) && l.Contains(": mdoe: unknown field", StringComparison.Ordinal));
        Assert.DoesNotContain("still serving", result.Output + result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("SUBDOMAIN", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_FleetReplicaThatNeverReachedItsStore_SaysTheStore_NotTheRouteFiles()
    {
        using var directory = new TempDirectory();
        var routes = directory.Combine("routes");
        RouteFiles.Write(routes, "customers", upstreams.Legacy, upstreams.New);
        // Nothing listens on port 1: the store is unreachable from the start, and no cache file exists.
        await using var gateway = await GatewayHost.StartAsync(routes, upstreams.Legacy.ToString(), new Dictionary<string, string?>
        {
            ["Strangler:Gateway:Fleet:Store"] = "postgres",
            ["Strangler:Gateway:Fleet:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=u;Password=p;Database=d;Timeout=2",
            ["Strangler:Gateway:Fleet:CacheFile"] = directory.Combine("cache.json"),
            ["Strangler:Gateway:Fleet:StartTimeout"] = "00:00:02",
            ["Strangler:Gateway:OverrideSigningKey"] = "routes-list-test-signing-key-0123456789",
            ["Strangler:Dashboard:KeysDirectory"] = directory.Combine("keys"),
        });

        var result = await CliRunner.RunAsync("routes", "list", "--gateway", gateway.Url, "--token", GatewayHost.AdminToken);

        Assert.True(result.ExitCode == 1, result.ToString());
        var lines = result.Error.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("The gateway has no route table: every request through it is answered 503 until the fleet's route store answers.", lines[0]);
        Assert.Matches(@"^Its route store could not be read at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC:$", lines[1]);
        Assert.StartsWith("  store: the fleet's route store cannot be reached (", lines[2]);
        Assert.Contains("no route is served until the store answers", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain("route files", result.Error, StringComparison.Ordinal);
    }
}
