using System.Net;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Tests.Infrastructure;
using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Gateway.Tests.Fleet;

public sealed class FleetConflictTests
{
    [Fact]
    public async Task TwoFlipsOnTheSameRevisionThroughTwoReplicas_ExactlyOneWins_TheOtherGets409WithTheCurrentState()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 2);
        var seen = FleetRig.Revision(fleet.Replicas[0]);

        var results = await Task.WhenAll(
            fleet.Replicas[0].AdminAsync(HttpMethod.Post, "/flip",
                new { subdomain = "customers", mode = "new", reason = "ada's flip", actor = "ada", expectedRevision = seen }),
            fleet.Replicas[1].AdminAsync(HttpMethod.Post, "/flip",
                new { subdomain = "customers", mode = "canary", percentage = 10, reason = "bob's flip", actor = "bob", expectedRevision = seen }));

        Assert.Single(results, r => r.Response.StatusCode == HttpStatusCode.OK);
        var loser = Assert.Single(results, r => r.Response.StatusCode == HttpStatusCode.Conflict);
        var winner = results.Single(r => r.Response.StatusCode == HttpStatusCode.OK).Body!;
        Assert.Equal((long)winner["revision"]!, (long)loser.Body!["current"]!["revision"]!);
        Assert.Equal((string)winner["to"]! == "new" ? "new" : "canary", (string)loser.Body["current"]!["mode"]!);
        var history = await fleet.Replicas[0].AdminAsync(HttpMethod.Get, "/history");
        Assert.Single(history.Body!["changes"]!.AsArray(), c => (string)c!["action"]! == "flip");
    }

    [Fact]
    public async Task CompareAndSet_TwoWritersOnTheSameRevision_ExactlyOneCommits()
    {
        var connectionString = await FleetDatabase.CreateAsync();
        var store = new RouteStateStore(LegacyProvider.Postgres, connectionString);
        var route = RouteFiles.Route("customers", "http://127.0.0.1:1", "http://127.0.0.1:2");
        var routes = RouteStateJson.Parse($"[{route.ToJsonString()}]").Routes;
        Assert.Single(routes);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => store.TryCommitAsync(0,
            new RouteState { Revision = 1, Routes = routes, UpdatedAt = DateTimeOffset.UtcNow },
            [new RouteChange { At = DateTimeOffset.UtcNow, Actor = $"w{i}", Reason = "race", Action = "flip", Subdomain = "customers", Revision = 1 }],
            TestContext.Current.CancellationToken)));

        Assert.Single(attempts, a => a.Committed);
        Assert.All(attempts, a => Assert.Equal(1, a.Current.Revision));
        var history = await store.ReadHistoryAsync(0, TestContext.Current.CancellationToken);
        Assert.Single(history);
    }

    [Fact]
    public async Task History_IsOneOrderedLogForTheFleet_AndRollbackWorksFromAnyReplica()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 3);
        var first = await Flip(fleet.Replicas[0], "canary", 20, "start the canary");
        await Converged(fleet, first);
        var second = await Flip(fleet.Replicas[1], "new", null, "all in");
        await Converged(fleet, second);

        var (response, rolledBack) = await fleet.Replicas[2].AdminAsync(HttpMethod.Post, "/rollback",
            new { revision = first, subdomain = "customers", reason = "errors went up", actor = "carol" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var third = (long)rolledBack!["revision"]!;
        await Converged(fleet, third);
        foreach (var replica in fleet.Replicas)
        {
            var (_, history) = await replica.AdminAsync(HttpMethod.Get, "/history?subdomain=customers");
            var changes = history!["changes"]!.AsArray().Where(c => (string)c!["action"]! != "file").ToList();
            Assert.Equal(["start the canary", "all in", "errors went up"], changes.Select(c => (string)c!["reason"]!));
            Assert.Equal([first, second, third], changes.Select(c => (long)c!["revision"]!));
            var (body, servedBy, _) = await replica.GetAsync("/customers/1", "u1");
            Assert.EndsWith($"rev={third}", servedBy);
        }
    }

    private static async Task<long> Flip(GatewayHost via, string mode, int? percentage, string reason)
    {
        var (response, change) = await via.AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode, percentage, reason, actor = "test" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (long)change!["revision"]!;
    }

    private static Task Converged(FleetRig fleet, long revision) =>
        Eventually.UntilAsync(() => Task.FromResult(fleet.Replicas.Select(FleetRig.Revision).ToList()),
            served => served.All(r => r == revision), $"every replica on revision {revision}");
}
