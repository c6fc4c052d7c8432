using System.Net.Http.Json;
using System.Text.Json;
using Strangler.Cli.Commands.Demo;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Demo;

/// <summary>The demo's three real hosts on free ports: traffic through the gateway moves when customers is flipped.</summary>
public sealed class DemoEnvironmentTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private DemoEnvironment _demo = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _demo = await DemoEnvironment.StartAsync(
            new DemoSettings
            {
                GatewayPort = 0, LegacyPort = 0, CustomersPort = 0, SyncPort = 0,
                WorkDirectory = _directory.Path, RoutesSource = Repository.Routes,
            },
            TestContext.Current.CancellationToken);
        _http = new HttpClient { BaseAddress = _demo.Gateway };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _demo.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Customers_BeforeAndAfterAFlipToNew_AreServedByTheMonolithThenTheNewService()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = await _http.GetAsync("/customers/1", ct);
        Assert.StartsWith("legacy", before.Headers.GetValues("X-Strangler-Served-By").Single());
        var legacyBody = await before.Content.ReadAsStringAsync(ct);

        var flip = await CliRunner.RunAsync(
            "routes", "flip", "customers", "new", "--reason", "demo test",
            "--gateway", _demo.Gateway.ToString(), "--token", _demo.AdminToken);
        Assert.True(flip.ExitCode == 0, flip.ToString());

        var after = await _http.GetAsync("/customers/1", ct);
        Assert.StartsWith("new", after.Headers.GetValues("X-Strangler-Served-By").Single());
        // The new service got the monolith's customers at start, in the same JSON shape.
        var legacy = JsonDocument.Parse(legacyBody).RootElement;
        var served = await after.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(legacy.GetProperty("name").GetString(), served.GetProperty("name").GetString());
        Assert.Equal(legacy.GetProperty("addresses").GetRawText(), served.GetProperty("addresses").GetRawText());

        var orders = await _http.GetAsync("/orders", ct);
        Assert.StartsWith("legacy", orders.Headers.GetValues("X-Strangler-Served-By").Single());
    }

    /// <summary>
    /// Bug it pins: the start's wait counted customers only, so a customer whose addresses were still on their way (the
    /// two topics are fetched apart) was served without them after a flip; and its timeout said only "did not project",
    /// which left a rare hold under load with nothing to read.
    /// </summary>
    [Fact]
    public async Task Start_WaitsForEveryAddress_AndAWaitThatTimesOutSaysWhatEachStageHeld()
    {
        var ct = TestContext.Current.CancellationToken;
        using var service = new HttpClient { BaseAddress = _demo.Customers };
        var held = ProjectionWait.Count(await service.GetFromJsonAsync<JsonElement>("customers", ct));
        Assert.True(_demo.Snapshot.Addresses > 0, "the sample monolith has addresses");
        Assert.Equal(_demo.Snapshot, held);

        var oneMore = _demo.Snapshot with { Addresses = _demo.Snapshot.Addresses + 1 };
        var error = await Assert.ThrowsAsync<DemoException>(() => ProjectionWait.UntilAsync(_demo, oneMore, TimeSpan.FromSeconds(1), ct));
        TestContext.Current.TestOutputHelper?.WriteLine(error.Message);

        Assert.Contains($"{oneMore.Customers} customers and {oneMore.Addresses} addresses into {_demo.CustomersDatabase} within 1 s", error.Message);
        Assert.Contains($"store (GET /customers): {held.Customers} customers, {held.Addresses} addresses", error.Message);
        Assert.Contains("capture: every change published to Kafka", error.Message);
        // Every partition's end beside the group's committed offset: a hold shows as a committed offset short of its end.
        Assert.Matches(@"legacy\.dbo\.Customers: \[0\] end \d+, committed (\d+|none|not reported)", error.Message);
        Assert.Matches(@"legacy\.dbo\.Addresses: \[0\] end \d+, committed (\d+|none|not reported)", error.Message);
        Assert.Matches(@"customers-projection \(projection\): applied [1-9]\d*, skipped \d+, dead-lettered 0, retried \d+, partitions [1-9]", error.Message);
        Assert.Contains("customers-backfill (backfill): applied", error.Message);
        Assert.Contains($"See the worker's status at {new Uri(_demo.Sync, "/_strangler/sync/status")}", error.Message);
    }

    [Fact]
    public async Task Start_CopiesTheRouteFilesAndPointsThemAtTheRealPorts()
    {
        var copied = await File.ReadAllTextAsync(Path.Combine(_demo.RoutesDirectory, "customers.json"), TestContext.Current.CancellationToken);

        Assert.Contains(_demo.Legacy.GetLeftPart(UriPartial.Authority), copied);
        Assert.Contains(_demo.Customers.GetLeftPart(UriPartial.Authority), copied);
        Assert.DoesNotContain("127.0.0.1:5102", copied);
        Assert.Contains("http://127.0.0.1:5102", await File.ReadAllTextAsync(Path.Combine(Repository.Routes, "customers.json"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Traffic_AtCanary50_SplitsUsersBetweenSidesAndKeepsEachUserOnOne()
    {
        var ct = TestContext.Current.CancellationToken;
        var flip = await CliRunner.RunAsync(
            "routes", "flip", "customers", "canary:50", "--reason", "half",
            "--gateway", _demo.Gateway.ToString(), "--token", _demo.AdminToken);
        Assert.True(flip.ExitCode == 0, flip.ToString());

        var settings = new TrafficSettings { Gateway = _demo.Gateway, Requests = 200, Users = 100 };
        var report = await TrafficRunner.RunAsync(settings, ct);

        Assert.Equal(0, report.Failed);
        Assert.Equal(200, report.Count("legacy") + report.Count("new"));
        // 100 users hashed 50/50: far from 0 or 100 on either side unless the split is broken.
        Assert.InRange(report.Count("new"), 40, 160);
        Assert.Equal(0, report.UsersOnBothSides);
        Assert.Contains("users served by both sides: 0", report.Format(settings));
    }

    [Fact]
    public async Task Traffic_ToAPathNoSideHas_SaysSoInsteadOfReadingAsAllServed()
    {
        // A typo in --path printed "legacy 3 100.0%" and "failed 0": every answer was a 404.
        var settings = new TrafficSettings { Gateway = _demo.Gateway, Requests = 3, Users = 3, Path = "/nothing-here" };
        var report = await TrafficRunner.RunAsync(settings, TestContext.Current.CancellationToken);

        Assert.Equal(new Dictionary<int, int> { [404] = 3 }, report.ClientErrors);
        Assert.Matches(@"(?m)^  4xx +3  \(404: 3; counted above by the side that answered: is the path right\?\)$", report.Format(settings).ReplaceLineEndings("\n"));
    }
}
