using System.Net;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Admin;

/// <summary>
/// Bug: a flip to the state a route already had (<c>routes flip customers new</c> on a route at new, or canary 30 to
/// canary 30), or a rollback to a revision whose state was the current one, took a revision and wrote a history entry
/// through the admin API and the CLI, while the dashboard refused it: noise in the audit trail. Now nothing is written,
/// recorded or committed, and the answer is 200 with <c>"changed": false</c> and the route as it stays.
/// </summary>
public sealed class NoOpChangeTests
{
    public static TheoryData<string, int, object> SameState => new()
    {
        { "new", 0, new { subdomain = "customers", mode = "new", reason = "ensure new", actor = "ci" } },
        { "canary", 30, new { subdomain = "customers", mode = "canary", percentage = 30, reason = "ensure 30", actor = "ci" } },
        { "legacy", 0, new { subdomain = "customers", mode = "legacy", reason = "ensure legacy", actor = "ci" } },
    };

    [Theory]
    [MemberData(nameof(SameState))]
    public async Task Flip_ToTheStateTheRouteHas_Is200ChangedFalse_AndRecordsNothing(string mode, int percentage, object body)
    {
        await using var rig = await Rig.StartAsync(mode, percentage);
        var file = Path.Combine(rig.RoutesDirectory, "customers.json");
        var before = File.ReadAllText(file);
        var history = rig.Gateway.Service<RouteAdmin>().GetHistory().Count;

        var (response, answer) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var to = mode == "canary" ? $"canary:{percentage}" : mode;
        Assert.False((bool)answer!["changed"]!);
        Assert.Equal((to, to, 1L, 1L), ((string)answer["from"]!, (string)answer["to"]!, (long)answer["fromRevision"]!, (long)answer["revision"]!));
        Assert.Equal($"customers is already {to} at revision 1; nothing recorded", (string)answer["detail"]!);
        Assert.Equal(1L, (long)answer["route"]!["revision"]!);
        Assert.Equal(before, File.ReadAllText(file));
        Assert.Equal(history, rig.Gateway.Service<RouteAdmin>().GetHistory().Count);
        Assert.EndsWith("rev=1", (await rig.Gateway.GetAsync("/customers/1", "u1")).ServedBy);
    }

    [Fact]
    public async Task Flip_ThatChangesSomething_SaysChangedTrue()
    {
        await using var rig = await Rig.StartAsync("canary", 30);

        var (response, answer) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode = "canary", percentage = 31, reason = "one more" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((bool)answer!["changed"]!);
        Assert.Equal(("canary:30", "canary:31", 2L), ((string)answer["from"]!, (string)answer["to"]!, (long)answer["revision"]!));
        Assert.Null(answer["detail"]);
    }

    [Fact]
    public async Task Rollback_ToARevisionWhoseStateIsTheCurrentOne_RecordsNothing()
    {
        await using var rig = await Rig.StartAsync("legacy");
        await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip", new { subdomain = "customers", mode = "new", reason = "go" });
        await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip", new { subdomain = "customers", mode = "legacy", reason = "back" });
        var history = rig.Gateway.Service<RouteAdmin>().GetHistory().Count;

        // Revision 1 was legacy, as revision 3 is now.
        var (response, answer) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/rollback",
            new { revision = 1, subdomain = "customers", reason = "make sure" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((bool)answer!["changed"]!);
        Assert.Equal(("rollback", "legacy", 3L), ((string)answer["action"]!, (string)answer["to"]!, (long)answer["revision"]!));
        Assert.Equal(history, rig.Gateway.Service<RouteAdmin>().GetHistory().Count);
        Assert.DoesNotContain(rig.Gateway.Service<RouteAdmin>().GetHistory(), c => c.Action == "rollback");
    }

    [Fact]
    public async Task InAFleet_AFlipToTheStateTheRouteHas_CommitsNothing()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 2, mode: "new");
        var revision = FleetRig.Revision(fleet.Replicas[0]);
        var history = await fleet.Replicas[1].AdminAsync(HttpMethod.Get, "/history");
        var entries = history.Body!["changes"]!.AsArray().Count;

        // Through the replica that did not seed the store, so it is the one reading the shared state.
        var (response, answer) = await fleet.Replicas[1].AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode = "new", reason = "ensure new", actor = "ci" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((bool)answer!["changed"]!);
        Assert.Equal(revision, (long)answer["revision"]!);
        Assert.Equal(revision, (await fleet.Store().ReplicasAsync(TestContext.Current.CancellationToken)).Revision);
        var after = await fleet.Replicas[0].AdminAsync(HttpMethod.Get, "/history");
        Assert.Equal(entries, after.Body!["changes"]!.AsArray().Count);
    }
}
