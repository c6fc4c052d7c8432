using System.Net;
using Strangler.Gateway.Admin;

namespace Strangler.Gateway.Tests.Admin;

/// <summary>
/// <c>strangler routes rollback 0</c>: revision 0 is the state of a route file loaded without a <c>revision</c>, served
/// and recorded at 0, so a rollback to it restores that state. Where no such state was recorded the answer was a bare
/// "no recorded revision 0", which left the operator to guess whether 0 means "the start" (it does not); it now says
/// what revision 0 is and which revisions there are to name instead.
/// </summary>
public sealed class RollbackRevisionZeroTests
{
    [Fact]
    public async Task Rollback_ToRevisionZero_RestoresTheRouteAsLoadedFromAFileWithoutARevision()
    {
        await using var rig = await Rig.StartAsync("legacy", edit: route => route.Remove("revision"));
        var (flip, flipped) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip", new { subdomain = "customers", mode = "new", reason = "go" });
        Assert.Equal(HttpStatusCode.OK, flip.StatusCode);
        Assert.Equal((0L, 1L), ((long)flipped!["fromRevision"]!, (long)flipped["revision"]!));

        var (response, change) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/rollback",
            new { revision = 0, subdomain = "customers", reason = "back to the file as deployed" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("rollback", "new", "legacy", 2L), ((string)change!["action"]!, (string)change["from"]!, (string)change["to"]!, (long)change["revision"]!));
        Assert.StartsWith("legacy ", (await rig.Gateway.GetAsync("/customers/1", "u1")).Body);
    }

    [Fact]
    public async Task Rollback_ToRevisionZero_WhenNoneWasRecorded_Is404SayingWhatItIsAndWhichRevisionsThereAre()
    {
        await using var rig = await Rig.StartAsync("legacy");
        await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip", new { subdomain = "customers", mode = "new", reason = "go" });
        var before = File.ReadAllText(Path.Combine(rig.RoutesDirectory, "customers.json"));

        var (response, problem) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/rollback",
            new { revision = 0, subdomain = "customers", reason = "back to the start" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(
            "no recorded revision 0 of sub-domain 'customers' (revision 0 is the state of a route file loaded without a \"revision\", "
            + "and no such state was recorded): the recorded ones of sub-domain 'customers' are 1, 2; see the history for what each one holds",
            problem!["errors"]!["revision"]![0]!.ToString());
        Assert.Equal(before, File.ReadAllText(Path.Combine(rig.RoutesDirectory, "customers.json")));
        Assert.DoesNotContain(rig.Gateway.Service<RouteAdmin>().GetHistory(), c => c.Action == "rollback");
    }

    [Fact]
    public async Task Rollback_ToAnUnrecordedRevision_NamesTheRecordedOnes()
    {
        await using var rig = await Rig.StartAsync("legacy");

        var (response, problem) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/rollback", new { revision = 77, reason = "x" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no recorded revision 77: the recorded ones are 1; see the history for what each one holds",
            problem!["errors"]!["revision"]![0]!.ToString());
    }
}
