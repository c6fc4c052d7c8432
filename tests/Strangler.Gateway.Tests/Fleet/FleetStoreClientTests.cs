using Strangler.Gateway.Configuration;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Fleet;

public sealed class FleetStoreClientTests
{
    [Fact]
    public async Task Apply_ChangedFiles_BecomeOneNewRevisionServedByEveryReplica_AndExportWritesThemBack()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 2);
        var store = fleet.Store();
        var gitops = RouteFiles.NewDirectory();
        RouteFiles.Write(gitops, RouteFiles.Route("customers", fleet.Legacy.Url, fleet.New.Url, "canary", 30));
        RouteFiles.Write(gitops, RouteFiles.Route("orders", fleet.Legacy.Url, fleet.New.Url, "new"));
        var files = RouteValidator.LoadDirectory(gitops);
        Assert.True(files.IsValid, string.Join("; ", files.Errors));

        var applied = await store.ApplyAsync(files.Routes, "release 42", "ci", TestContext.Current.CancellationToken);
        var again = await store.ApplyAsync(files.Routes, "release 42 again", "ci", TestContext.Current.CancellationToken);

        Assert.Equal(["customers", "orders"], applied.Changes.Select(c => c.Subdomain).Order());
        Assert.All(applied.Changes, c => Assert.Equal(("ci", "release 42", applied.Revision), (c.Actor, c.Reason, c.Revision!.Value)));
        Assert.Empty(again.Changes);
        Assert.Equal(applied.Revision, again.Revision);
        foreach (var replica in fleet.Replicas)
        {
            await Eventually.UntilAsync(() => replica.GetAsync("/orders/1"), r => r.Body.StartsWith("new ", StringComparison.Ordinal), "orders on its new side");
        }

        var exported = RouteFiles.NewDirectory();
        RouteFiles.Write(exported, RouteFiles.Route("stale", fleet.Legacy.Url, fleet.New.Url));
        var export = await store.ExportAsync(exported, TestContext.Current.CancellationToken);

        Assert.Equal(["stale.json"], export.Removed);
        var back = RouteValidator.LoadDirectory(exported);
        Assert.Equal(files.Routes.Select(r => (r.Name, r.ModeText)), back.Routes.Select(r => (r.Name, r.ModeText)));
        Assert.All(back.Routes, r => Assert.Equal(applied.Revision, r.Revision));
    }

    [Fact]
    public async Task Apply_InvalidRoutes_IsRefusedAndChangesNothing()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 1);
        var store = fleet.Store();
        var before = (await store.ReplicasAsync(TestContext.Current.CancellationToken)).Revision;
        var route = RouteValidator.LoadDirectory(fleet.RoutesDirectory).Routes.Single();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            store.ApplyAsync([route, route with { Name = "twin" }], "duplicate paths", "ci", TestContext.Current.CancellationToken));

        Assert.Contains("twin", error.Message);
        Assert.Equal(before, (await store.ReplicasAsync(TestContext.Current.CancellationToken)).Revision);
    }
}
