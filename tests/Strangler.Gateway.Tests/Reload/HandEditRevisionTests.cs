using System.Net;
using Strangler.Gateway.Admin;

namespace Strangler.Gateway.Tests.Reload;

/// <summary>
/// A hand edit of a route file that keeps the <c>revision</c> written in it (the usual case: people change the mode and
/// forget the number) is served and recorded under a revision of its own, so a rollback to the old revision restores
/// the old route. Bug: both states carried one revision, and a rollback to it restored the later one.
/// </summary>
public sealed class HandEditRevisionTests
{
    [Fact]
    public async Task A_hand_edit_that_keeps_its_revision_gets_the_next_one_and_a_rollback_to_the_old_one_restores_the_old_route()
    {
        await using var rig = await Rig.StartAsync("legacy");
        var admin = rig.Gateway.Service<RouteAdmin>();

        // The rig's customers.json is at revision 1; the edit writes revision 1 again, with another mode.
        RouteFiles.Write(rig.RoutesDirectory, RouteFiles.Route("customers", rig.Legacy.Url, rig.New.Url, "new"));

        Assert.True(await Eventually.TrueAsync(async () => (await rig.Gateway.GetAsync("/customers/1")).Body.StartsWith("new ", StringComparison.Ordinal)));
        var edit = admin.GetHistory("customers")[^1];
        Assert.Equal(("file", 1L, 2L), (edit.Action, edit.FromRevision, edit.Revision));
        Assert.Equal("new; rev=2", (await rig.Gateway.GetAsync("/customers/1")).ServedBy);

        var (response, change) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/rollback",
            new { revision = 1, subdomain = "customers", reason = "the edit was a mistake", actor = "ops" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("new", "legacy"), ((string)change!["from"]!, (string)change["to"]!));
        Assert.StartsWith("legacy ", (await rig.Gateway.GetAsync("/customers/1")).Body);
        // The file held the served route, under its old number: not an unserved edit to set aside.
        Assert.DoesNotContain("[", (string)change["reason"]!, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(rig.RoutesDirectory, "customers.json.rejected")));
    }

    [Fact]
    public async Task A_restart_serves_a_renumbered_route_under_its_revision_and_records_nothing()
    {
        var legacy = await Upstream.StartAsync("legacy");
        await using var _ = legacy;
        var fresh = await Upstream.StartAsync("new");
        await using var __ = fresh;
        var directory = RouteFiles.NewDirectory();
        RouteFiles.Write(directory, RouteFiles.Route("customers", legacy.Url, fresh.Url));
        await using (var first = await GatewayHost.StartAsync(directory, legacy, ownsDirectory: false))
        {
            RouteFiles.Write(directory, RouteFiles.Route("customers", legacy.Url, fresh.Url, "new"));
            Assert.True(await Eventually.TrueAsync(async () => (await first.GetAsync("/customers/1")).ServedBy == "new; rev=2"));
        }

        await using var second = await GatewayHost.StartAsync(directory, legacy);

        Assert.Equal("new; rev=2", (await second.GetAsync("/customers/1")).ServedBy);
        Assert.Equal(2, second.Service<RouteAdmin>().GetHistory("customers").Count(c => c.Action == "file"));
    }
}
