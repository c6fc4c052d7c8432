using System.Text.Json.Nodes;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Rollout;

/// <summary><c>strangler rollout</c> against a real gateway whose customers route carries a rollout plan.</summary>
public sealed class RolloutCommandTests(UpstreamsFixture upstreams) : IAsyncLifetime
{
    private GatewayUnderTest _gateway = null!;

    public async ValueTask InitializeAsync()
    {
        _gateway = await GatewayUnderTest.StartAsync(upstreams);
        var path = Path.Combine(_gateway.RoutesDirectory, "customers.json");
        var route = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        route["rollout"] = JsonNode.Parse("""{"steps": [5, 25, 100], "bakeSeconds": 600, "gates": {"errorRateMargin": 0.01}}""");
        File.WriteAllText(path + ".tmp", route.ToJsonString());
        File.Move(path + ".tmp", path, overwrite: true);
        // The gateway's watcher reloads the edited file; the plan is there once status shows it.
        Assert.True(await Eventually.TrueAsync(async () => (await Run("rollout", "status", "customers")).Output.Contains("plan: 5 -> 25 -> 100")));
    }

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task StartPauseResumeAbort_DriveTheRoute_AndStatusShowsWhereItStands()
    {
        var started = await Run("rollout", "start", "customers", "--reason", "cutover week", "--actor", "ops");
        Assert.True(started.ExitCode == 0, started.ToString());
        Assert.Contains("customers: serving canary:5, rollout running at step 1 of 3", started.Output);
        Assert.Contains("rollout: start legacy -> 5% (by ops: cutover week)", started.Output);
        Assert.Equal("new", await _gateway.SideOfAsync("/customers/1", FirstUserOnNew()));

        var paused = await Run("rollout", "pause", "customers");
        Assert.True(paused.ExitCode == 0, paused.ToString());
        Assert.Contains("rollout paused at step 1 of 3", paused.Output);

        var resumed = await Run("rollout", "resume", "customers");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("rollout running", resumed.Output);

        var aborted = await Run("rollout", "abort", "customers", "--reason", "not yet");
        Assert.True(aborted.ExitCode == 0, aborted.ToString());
        Assert.Contains("customers: serving legacy, rollout aborted", aborted.Output);
        Assert.Equal("legacy", await _gateway.SideOfAsync("/customers/1", FirstUserOnNew()));

        var history = await Run("routes", "history", "--subdomain", "customers");
        Assert.Contains("rollout: aborted 5% -> legacy", history.Output);
    }

    [Fact]
    public async Task Refusals_PrintTheReason_AndExitNonZero()
    {
        var pause = await Run("rollout", "pause", "customers");
        Assert.Equal(1, pause.ExitCode);
        Assert.Contains("has no running rollout to pause", pause.Error);

        var noPlan = await Run("rollout", "start", "orders", "--reason", "no plan yet");
        Assert.Equal(1, noPlan.ExitCode);
        Assert.Contains("orders.json has no 'rollout' plan", noPlan.Error);

        var unknown = await Run("rollout", "status", "invoices");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no sub-domain named 'invoices'", unknown.Error);
        // A read: nothing could have changed, so the line does not say it was refused "with nothing changed".
        Assert.DoesNotContain("nothing was changed", unknown.Error);
    }

    // A user the 5 % canary puts on the new side: the canary hash is deterministic, so the first of these that the
    // gateway serves from new stays on new; found by asking the gateway, not by copying its hash here.
    private string FirstUserOnNew() => _userOnNew ??= Enumerable.Range(0, 1000).Select(i => "user-" + i)
        .First(u => _gateway.SideOfAsync("/customers/1", u).GetAwaiter().GetResult() == "new");

    private string? _userOnNew;

    private Task<CliResult> Run(params string[] args) => CliRunner.RunAsync([.. args, .. _gateway.AdminArgs]);
}
