using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Routes;

/// <summary>
/// <c>routes apply --dry-run</c>, and the warning of a dry run or an apply that would undo a change made through a
/// replica. Before, <c>apply</c> had no dry run, and undid a flip made through the admin API since the last apply,
/// listed among its changes like any other.
/// </summary>
public sealed class RoutesApplyDryRunTests(UpstreamsFixture upstreams) : IAsyncLifetime
{
    private readonly List<string> _stores = [];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await FleetStore.DropAsync(store);
        }
    }

    [Fact]
    public async Task DryRun_PrintsWhatWouldChange_WritesNothing_ExitsThree_AndZeroOnceNothingWould()
    {
        var store = await StoreAsync();
        using var gitops = new TempDirectory();
        RouteFiles.Write(gitops.Path, "customers", upstreams.Legacy, upstreams.New, "canary", 25);
        RouteFiles.Write(gitops.Path, "orders", upstreams.Legacy, upstreams.Legacy);
        Assert.Equal(0, (await ApplyAsync(gitops.Path, store, "--reason", "release 41")).ExitCode);
        RouteFiles.Write(gitops.Path, "customers", upstreams.Legacy, upstreams.New, "new");
        File.Delete(gitops.Combine("orders.json"));
        RouteFiles.Write(gitops.Path, "billing", upstreams.Legacy, upstreams.New);

        // No --reason: a dry run records nothing.
        var dry = await ApplyAsync(gitops.Path, store, "--dry-run");
        var replicas = await CliRunner.RunAsync("routes", "replicas", "--store", "postgres", "--connection", store);
        var applied = await ApplyAsync(gitops.Path, store, "--reason", "release 42");
        var again = await ApplyAsync(gitops.Path, store, "--dry-run");

        Assert.True(dry.ExitCode == 3, dry.ToString());
        Assert.Equal(
            ["billing: (new) -> legacy", "customers: canary:25 -> new", "orders: legacy -> (removed)",
                "Dry run: 3 change(s) would be applied as revision 2; nothing was written."],
            Lines(dry.Output));
        Assert.Equal("", dry.Error);
        Assert.Contains("store revision 1;", replicas.Output);
        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Contains("3 change(s) applied as revision 2.", applied.Output);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(["Dry run: the store already has these 2 route(s), at revision 2; nothing would change."], Lines(again.Output));
    }

    [Fact]
    public async Task DryRun_InvalidFiles_ExitsOne_NamingEachError()
    {
        var store = await StoreAsync();
        using var gitops = new TempDirectory();
        RouteFiles.Write(gitops.Path, "customers", upstreams.Legacy, upstreams.New, "sideways");

        var dry = await ApplyAsync(gitops.Path, store, "--dry-run");

        Assert.Equal(1, dry.ExitCode);
        Assert.Contains("mode: unknown mode \"sideways\"", dry.Error);
        Assert.Contains("nothing would be applied", dry.Error);
    }

    [Fact]
    public async Task Apply_WithoutAReason_IsStillAMistakeInTheCommand()
    {
        using var gitops = new TempDirectory();

        var apply = await ApplyAsync(gitops.Path, "Host=127.0.0.1;Port=1");

        Assert.Equal(2, apply.ExitCode);
        Assert.Contains("Option '--reason' is required", apply.Error);
    }

    [Fact]
    public async Task AFlipThroughAReplicaSinceTheLastApply_IsNamedInAWarning_ByTheDryRunAndByTheApplyThatUndoesIt()
    {
        var store = await StoreAsync();
        using var gitops = new TempDirectory();
        using var work = new TempDirectory();
        RouteFiles.Write(gitops.Path, "customers", upstreams.Legacy, upstreams.New);
        RouteFiles.Write(gitops.Path, "orders", upstreams.Legacy, upstreams.Legacy);
        Assert.Equal(0, (await ApplyAsync(gitops.Path, store, "--reason", "release 41")).ExitCode);
        await using (var replica = await ReplicaAsync(store, work))
        {
            var flip = await CliRunner.RunAsync("routes", "flip", "customers", "canary:20", "--reason", "first users", "--actor", "ada",
                "--gateway", replica.Url, "--token", GatewayHost.AdminToken);
            Assert.True(flip.ExitCode == 0, flip.ToString());
        }

        // The orders file changes too: a route the replica did not touch is not warned about.
        RouteFiles.Write(gitops.Path, "orders", upstreams.Legacy, upstreams.New, "new");
        var dry = await ApplyAsync(gitops.Path, store, "--dry-run");
        var apply = await ApplyAsync(gitops.Path, store, "--reason", "release 42");
        var after = await ApplyAsync(gitops.Path, store, "--dry-run");

        Assert.True(dry.ExitCode == 3, dry.ToString());
        Assert.Contains("customers: canary:20 -> legacy", dry.Output);
        var warning = Assert.Single(Lines(dry.Error));
        Assert.Matches(@"^warning: customers was last changed through a replica, not by these files \(flip to canary:20 by ada at "
            + @"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, revision 2: first users\); applying them would undo that change\. "
            + @"Put it in the route files \(strangler routes export writes the store's routes as files\) to keep it\.$", warning);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("2 change(s) applied as revision 3.", apply.Output);
        Assert.Contains("the apply undid that change", Assert.Single(Lines(apply.Error)));
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Equal("", after.Error);
    }

    private async Task<GatewayHost> ReplicaAsync(string store, TempDirectory work)
    {
        Directory.CreateDirectory(work.Combine("routes"));
        var replica = await GatewayHost.StartAsync(work.Combine("routes"), upstreams.Legacy.ToString(), new Dictionary<string, string?>
        {
            ["Strangler:Gateway:Fleet:Store"] = "postgres",
            ["Strangler:Gateway:Fleet:ConnectionString"] = store,
            ["Strangler:Gateway:Fleet:ReplicaId"] = "dry-run-test",
            ["Strangler:Gateway:Fleet:CacheFile"] = work.Combine("cache.json"),
            ["Strangler:Gateway:OverrideSigningKey"] = "apply-dry-run-test-signing-key-0123456789",
            ["Strangler:Dashboard:KeysDirectory"] = work.Combine("keys"),
        });
        // A replica takes changes once its first heartbeat has claimed its id, when it is ready.
        for (var attempt = 0; !(await replica.Client.GetAsync("/readyz", TestContext.Current.CancellationToken)).IsSuccessStatusCode; attempt++)
        {
            Assert.True(attempt < 100, "the replica to be ready within 10 s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return replica;
    }

    private static Task<CliResult> ApplyAsync(string directory, string store, params string[] extra) =>
        CliRunner.RunAsync(["routes", "apply", directory, .. extra, "--store", "postgres", "--connection", store]);

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private async Task<string> StoreAsync()
    {
        var store = await FleetStore.MigratedAsync("fleet_dry_");
        _stores.Add(store);
        return store;
    }
}
