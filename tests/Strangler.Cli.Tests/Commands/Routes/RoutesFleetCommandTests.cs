using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Routes;

/// <summary>
/// <c>routes apply</c>, <c>export</c> and <c>replicas</c> against a real PostgreSQL fleet store. Each test's schema is
/// dropped after it, passed or failed: the class ran against the test server's shared database and left one schema
/// a test behind.
/// </summary>
public sealed class RoutesFleetCommandTests : IAsyncLifetime
{
    private static readonly Uri Legacy = new("http://127.0.0.1:5101");
    private static readonly Uri New = new("http://127.0.0.1:5102");

    private readonly List<string> _stores = [];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await FleetStore.DropAsync(store);
        }
    }

    private async Task<string> StoreAsync()
    {
        var store = await FleetStore.MigratedAsync("fleet_cli_");
        _stores.Add(store);
        return store;
    }

    [Fact]
    public async Task ApplyExportReplicas_AgainstAMigratedStore_RoundTripTheRouteFiles()
    {
        var store = await StoreAsync();
        using var gitops = new TempDirectory();
        using var exported = new TempDirectory();
        RouteFiles.Write(gitops.Path, "customers", Legacy, New, "canary", 25);
        RouteFiles.Write(gitops.Path, "orders", Legacy, Legacy);

        var apply = await CliRunner.RunAsync("routes", "apply", gitops.Path, "--reason", "release 42", "--actor", "ci",
            "--store", "postgres", "--connection", store);
        var again = await CliRunner.RunAsync("routes", "apply", gitops.Path, "--reason", "release 42",
            "--store", "postgres", "--connection", store);
        var export = await CliRunner.RunAsync("routes", "export", exported.Path, "--store", "postgres", "--connection", store);
        var replicas = await CliRunner.RunAsync("routes", "replicas", "--store", "postgres", "--connection", store);

        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("customers: (new) -> canary:25", apply.Output);
        Assert.Contains("2 change(s) applied as revision 1", apply.Output);
        Assert.Contains("nothing changed", again.Output);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains("2 route file(s) of revision 1", export.Output);
        var validate = await CliRunner.RunAsync("routes", "validate", exported.Path);
        Assert.Contains("customers: canary:25, revision 1", validate.Output);
        Assert.Contains("orders: legacy, revision 1", validate.Output);
        Assert.True(replicas.ExitCode == 0, replicas.ToString());
        Assert.Contains("store revision 1; 0 replica(s)", replicas.Output);
    }

    [Fact]
    public async Task Apply_BadFiles_PrintsEveryErrorAndPushesNothing()
    {
        var store = await StoreAsync();
        using var gitops = new TempDirectory();
        RouteFiles.Write(gitops.Path, "customers", Legacy, New, "sideways");

        var apply = await CliRunner.RunAsync("routes", "apply", gitops.Path, "--reason", "bad", "--store", "postgres", "--connection", store);
        var replicas = await CliRunner.RunAsync("routes", "replicas", "--store", "postgres", "--connection", store);

        Assert.Equal(1, apply.ExitCode);
        var customers = File.ReadAllText(gitops.Combine("customers.json"));
        Assert.Contains($"{gitops.Combine("customers.json")}:1:{customers.IndexOf("\"sideways\"", StringComparison.Ordinal) + 1}: mode: unknown mode \"sideways\"", apply.Error);
        Assert.Contains("nothing was applied", apply.Error);
        Assert.Contains("store revision 0", replicas.Output);
    }

    [Fact]
    public async Task Apply_WithoutAStore_NamesTheMissingOption()
    {
        using var gitops = new TempDirectory();

        var apply = await CliRunner.RunAsync("routes", "apply", gitops.Path, "--reason", "r", "--connection", "Host=x");

        Assert.Equal(2, apply.ExitCode);
        Assert.Contains("--store is required", apply.Error);
    }
}
