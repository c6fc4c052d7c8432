using System.Net;
using Npgsql;
using Strangler.Gateway.Configuration;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Fleet;

/// <summary>
/// What the first replica of a fleet says about its routes directory. A directory whose files held an error left the
/// store empty with no line in the log: the replica was ready and sent every path to the monolith. And once the store
/// holds routes, the directory is no longer read, which an operator used to a single gateway's live reload expects.
/// Bug: a replica on a store that holds no revision yet (the errors above, or no route file) said ready while it served
/// no route at all; it is now not ready, saying what to run, until a revision is pushed.
/// </summary>
public sealed class FleetSeedTests
{
    [Fact]
    public async Task EmptyStore_AndARouteFileWithAnError_IsNotSeeded_AndTheErrorIsLoggedAndInLastLoadError()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 0);
        var file = Path.Combine(fleet.RoutesDirectory, "customers.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"mode\"", "\"mdoe\"", StringComparison.Ordinal));
        var logs = new CapturedLogLines();

        var replica = await fleet.StartReplicaAsync("r0", logs: logs);

        Assert.Contains(logs.Lines, l => l.Contains("Route store is empty and the routes directory", StringComparison.Ordinal)
            && l.Contains("did not seed it", StringComparison.Ordinal) && l.Contains("mdoe: unknown field", StringComparison.Ordinal));
        var (response, routes) = await replica.AdminAsync(HttpMethod.Get, "/routes");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var errors = routes!["lastLoadError"]!["errors"]!.AsArray();
        Assert.Contains(errors, e => (string?)e!["field"] == "mdoe" && (string?)e["file"] == "customers.json");
        var ready = await replica.Client.GetAsync("/readyz", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("holds no routes yet", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyStore_AndNoRouteFile_SaysThereWasNothingToSeed()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 0);
        File.Delete(Path.Combine(fleet.RoutesDirectory, "customers.json"));
        var logs = new CapturedLogLines();

        await fleet.StartReplicaAsync("r0", logs: logs);

        Assert.Contains(logs.Lines, l => l.Contains("holds no route file, so there was nothing to seed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bug_EmptyStore_ReplicaServingNoRouteSaidReady_NowNotReadyUntilRoutesAreApplied()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 0);
        var routes = RouteValidator.LoadDirectory(fleet.RoutesDirectory).Routes;
        File.Delete(Path.Combine(fleet.RoutesDirectory, "customers.json"));
        var replica = await fleet.StartReplicaAsync("r0");

        var empty = await replica.Client.GetAsync("/readyz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, empty.StatusCode);
        var text = await empty.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.StartsWith("not ready: the fleet's route store holds no routes yet (revision 0", text, StringComparison.Ordinal);
        Assert.Contains("run strangler routes apply <routes directory> against the store", text, StringComparison.Ordinal);
        Assert.Contains(": serving revision 0 (from the store)", text, StringComparison.Ordinal);

        await fleet.Store().ApplyAsync(routes, "first routes", "ops", TestContext.Current.CancellationToken);

        var ready = await Eventually.UntilAsync(() => replica.Client.GetAsync("/readyz"), r => r.IsSuccessStatusCode, "the replica to serve the applied routes");
        Assert.StartsWith("ready: serving revision 1", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoreWithRoutes_ReplicaSaysItsRoutesDirectoryIsNotRead()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 1);
        var logs = new CapturedLogLines();

        await fleet.StartReplicaAsync("r1", logs: logs);

        Assert.Contains(logs.Lines, l => l.Contains("only seeds an empty store, and edits to it are not read", StringComparison.Ordinal));
    }

    // Bug: replicas started together (a Deployment's pods) all read revision 0 and all try to seed; the ones that lost
    // the compare-and-set said nothing about their routes directory, so an operator reading such a replica's log had no
    // line telling that its files were not what it served.
    [Fact]
    public async Task Bug_ReplicaThatLosesTheSeedingRace_SaysItsRoutesDirectoryIsNotRead()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 0);
        var routes = RouteValidator.LoadDirectory(fleet.RoutesDirectory).Routes;
        var logs = new CapturedLogLines();
        var cancel = TestContext.Current.CancellationToken;
        await using var other = new NpgsqlConnection(fleet.ConnectionString);
        await other.OpenAsync(cancel);
        await using var otherSeeding = await other.BeginTransactionAsync(cancel);
        await using (var seed = new NpgsqlCommand(
            "UPDATE strangler_route_state SET revision = 7, routes = @routes, updated_at = now() WHERE id = 1 AND revision = 0", other, otherSeeding))
        {
            seed.Parameters.AddWithValue("routes", RouteStateJson.Serialize(routes));
            Assert.Equal(1, await seed.ExecuteNonQueryAsync(cancel));
        }

        // The replica reads revision 0 (the other seeding is not committed yet) and its compare-and-set waits on the row.
        // A start timeout longer than the wait, so the replica's compare-and-set is refused rather than cancelled.
        var starting = fleet.StartReplicaAsync("r0", logs: logs,
            extra: new Dictionary<string, string?> { ["Strangler:Gateway:Fleet:StartTimeout"] = "00:00:30" });
        // Watched from a connection of its own: inside a transaction pg_stat_activity is read once and kept.
        await using var watcher = new NpgsqlConnection(fleet.ConnectionString);
        await watcher.OpenAsync(cancel);
        await using (var waiting = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = @name AND wait_event_type = 'Lock'", watcher))
        {
            waiting.Parameters.AddWithValue("name", fleet.ApplicationName("r0"));
            Assert.True(await Eventually.TrueAsync(async () => Convert.ToInt64(await waiting.ExecuteScalarAsync(cancel)) > 0),
                "the replica's seeding to wait on the other one's");
        }

        await otherSeeding.CommitAsync(cancel);
        var replica = await starting;

        Assert.Equal(7, FleetRig.Revision(replica));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("Empty route store seeded", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("Route store holds revision 7", StringComparison.Ordinal)
            && l.Contains("only seeds an empty store, and edits to it are not read", StringComparison.Ordinal));
    }
}
