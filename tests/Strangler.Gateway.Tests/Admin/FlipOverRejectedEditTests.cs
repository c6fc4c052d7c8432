using System.Net;
using Strangler.Gateway.Admin;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Tests.Admin;

/// <summary>
/// Bug: with an invalid hand edit on disk (the last good table serving), a flip rewrote the file from the serving
/// table and the edit was gone without a word. The flip must still go through; the edit must be kept and named.
/// </summary>
public sealed class FlipOverRejectedEditTests
{
    [Fact]
    public async Task Flip_OverARejectedEdit_GoesThrough_KeepsTheEditBesideTheFile_AndSaysSo()
    {
        await using var rig = await Rig.StartAsync("canary", 20);
        var file = Path.Combine(rig.RoutesDirectory, "customers.json");
        var edit = File.ReadAllText(file).Replace("\"canary\"", "\"nwe\"", StringComparison.Ordinal);
        RouteFiles.WriteRaw(rig.RoutesDirectory, "customers.json", edit);
        Assert.True(await Eventually.TrueAsync(async () =>
            (await rig.Gateway.AdminAsync(HttpMethod.Get, "/routes")).Body!["lastLoadError"] is not null));

        var (response, change) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode = "legacy", reason = "incident 42", actor = "ops" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("canary:20", "legacy"), ((string)change!["from"]!, (string)change["to"]!));
        Assert.Equal("legacy; rev=2", (await rig.Gateway.GetAsync("/customers/1", "u1")).ServedBy);
        Assert.Equal(edit, File.ReadAllText(file + ".rejected"));
        var reason = (string)change["reason"]!;
        Assert.StartsWith("incident 42", reason);
        Assert.Contains("kept as customers.json.rejected", reason);
        Assert.Equal(reason, rig.Gateway.Service<RouteAdmin>().GetHistory("customers")[^1].Reason);

        // The copy is never read as a route file: the directory is valid again, and the reload the rewrite causes
        // clears the error rather than rejecting the copy.
        var load = RouteValidator.LoadDirectory(rig.RoutesDirectory);
        Assert.True(load.IsValid, string.Join("; ", load.Errors));
        Assert.Equal(RouteMode.Legacy, load.Routes.Single().Mode);
        Assert.True(await Eventually.TrueAsync(async () =>
            (await rig.Gateway.AdminAsync(HttpMethod.Get, "/routes")).Body!["lastLoadError"] is null));
    }

    [Fact]
    public async Task Flip_OverTheServingFile_ReformattedByHand_KeepsNothing()
    {
        await using var rig = await Rig.StartAsync("canary", 20);
        var file = Path.Combine(rig.RoutesDirectory, "customers.json");
        // Same content, other layout: nothing the flip's rewrite would lose.
        RouteFiles.WriteRaw(rig.RoutesDirectory, "customers.json", "\n\n" + File.ReadAllText(file).Replace(",", ",\n   ", StringComparison.Ordinal));

        var (response, change) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode = "legacy", reason = "incident 43", actor = "ops" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("incident 43", (string)change!["reason"]!);
        Assert.False(File.Exists(file + ".rejected"));
    }

    [Fact]
    public async Task Rollback_OverARejectedEdit_KeepsItToo()
    {
        await using var rig = await Rig.StartAsync("legacy");
        await rig.Gateway.AdminAsync(HttpMethod.Post, "/flip", new { subdomain = "customers", mode = "new", reason = "all in" });
        var edit = "{ \"name\": \"customers\", \"mode\": ";
        RouteFiles.WriteRaw(rig.RoutesDirectory, "customers.json", edit);
        Assert.True(await Eventually.TrueAsync(async () =>
            (await rig.Gateway.AdminAsync(HttpMethod.Get, "/routes")).Body!["lastLoadError"] is not null));

        var (response, change) = await rig.Gateway.AdminAsync(HttpMethod.Post, "/rollback",
            new { revision = 1, subdomain = "customers", reason = "back", actor = "ops" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("kept as customers.json.rejected", (string)change!["reason"]!);
        Assert.Equal(edit, File.ReadAllText(Path.Combine(rig.RoutesDirectory, "customers.json.rejected")));
    }
}
