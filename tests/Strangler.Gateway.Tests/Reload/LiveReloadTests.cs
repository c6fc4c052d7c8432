using System.Net;
using Microsoft.AspNetCore.Http;
using Strangler.Gateway.Admin;

namespace Strangler.Gateway.Tests.Reload;

public sealed class LiveReloadTests
{
    [Fact]
    public async Task EditedRouteFile_TakesEffectWithoutRestart_AndIsRecorded()
    {
        await using var rig = await Rig.StartAsync("legacy");

        RouteFiles.Write(rig.RoutesDirectory, RouteFiles.Route("customers", rig.Legacy.Url, rig.New.Url, "new"));

        Assert.True(await Eventually.TrueAsync(async () => (await rig.Gateway.GetAsync("/customers/1")).Body.StartsWith("new ", StringComparison.Ordinal)));
        var change = rig.Gateway.Service<RouteAdmin>().GetHistory("customers")[^1];
        Assert.Equal(("file", "file", "legacy", "new"), (change.Action, change.Actor, change.From, change.To));
    }

    [Fact]
    public async Task AddedAndRemovedFiles_AddAndRemoveSubdomains()
    {
        await using var rig = await Rig.StartAsync("legacy");

        RouteFiles.Write(rig.RoutesDirectory, RouteFiles.Route("orders", rig.Legacy.Url, rig.New.Url, "new"));
        Assert.True(await Eventually.TrueAsync(async () => (await rig.Gateway.GetAsync("/orders/1")).Body.StartsWith("new ", StringComparison.Ordinal)));

        File.Delete(Path.Combine(rig.RoutesDirectory, "orders.json"));
        Assert.True(await Eventually.TrueAsync(async () => (await rig.Gateway.GetAsync("/orders/1")).ServedBy == "legacy; unclaimed"));
        Assert.Contains(rig.Gateway.Service<RouteAdmin>().GetHistory("orders"), c => c.To is null && c.Reason == "route file removed");
    }

    [Fact]
    public async Task InvalidChange_IsRejectedWhole_LastGoodTableKeepsServing_ErrorVisible()
    {
        await using var rig = await Rig.StartAsync("legacy");
        var orders = RouteFiles.Route("orders", rig.Legacy.Url, rig.New.Url, "new");
        var badCustomers = RouteFiles.Route("customers", rig.Legacy.Url, rig.New.Url, "new");
        badCustomers["canaryPercentage"] = 250;

        // Two files change together; one is bad, so neither applies.
        RouteFiles.Write(rig.RoutesDirectory, orders);
        RouteFiles.Write(rig.RoutesDirectory, badCustomers);

        Assert.True(await Eventually.TrueAsync(async () =>
            (await rig.Gateway.AdminAsync(HttpMethod.Get, "/routes")).Body!["lastLoadError"] is not null));
        var (_, overview) = await rig.Gateway.AdminAsync(HttpMethod.Get, "/routes");
        var error = overview!["lastLoadError"]!["errors"]!.AsArray().Single()!;
        Assert.Equal(("customers.json", "canaryPercentage"), ((string)error["file"]!, (string)error["field"]!));
        var written = File.ReadAllText(Path.Combine(rig.RoutesDirectory, "customers.json"));
        Assert.Equal((1, written.IndexOf("250", StringComparison.Ordinal) + 1), ((int)error["line"]!, (int)error["column"]!));
        Assert.StartsWith("legacy ", (await rig.Gateway.GetAsync("/customers/1")).Body);
        Assert.Equal("legacy; unclaimed", (await rig.Gateway.GetAsync("/orders/1")).ServedBy);
        Assert.Equal(HttpStatusCode.OK, (await rig.Gateway.Client.GetAsync("/readyz")).StatusCode);

        // Fixing the file applies both and clears the error.
        badCustomers["canaryPercentage"] = 0;
        RouteFiles.Write(rig.RoutesDirectory, badCustomers);
        Assert.True(await Eventually.TrueAsync(async () => (await rig.Gateway.GetAsync("/orders/1")).Body.StartsWith("new ", StringComparison.Ordinal)));
        Assert.Null((await rig.Gateway.AdminAsync(HttpMethod.Get, "/routes")).Body!["lastLoadError"]);
    }

    [Fact]
    public async Task ReloadUnderLoad_FileRewrittenRepeatedly_ZeroFailedRequests()
    {
        await using var rig = await Rig.StartAsync("legacy");
        using var stop = new CancellationTokenSource();
        var failures = 0;
        var served = new int[2];
        var load = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 2000 && !stop.IsCancellationRequested; i++)
            {
                var response = await rig.Gateway.Client.GetAsync($"/customers/{worker}-{i}");
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK || !(body.StartsWith("legacy ", StringComparison.Ordinal) || body.StartsWith("new ", StringComparison.Ordinal)))
                {
                    Interlocked.Increment(ref failures);
                }
                else
                {
                    Interlocked.Increment(ref served[body.StartsWith("new", StringComparison.Ordinal) ? 1 : 0]);
                }
            }
        })).ToArray();

        for (var i = 0; i < 20; i++)
        {
            var mode = (i % 3) switch { 0 => "new", 1 => "canary", _ => "legacy" };
            RouteFiles.Write(rig.RoutesDirectory, RouteFiles.Route("customers", rig.Legacy.Url, rig.New.Url, mode, 50));
            await Task.Delay(60);
        }

        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.Equal(0, failures);
        Assert.True(served[0] > 0 && served[1] > 0, $"legacy {served[0]}, new {served[1]}: the flips did not take effect under load");
    }

    [Fact]
    public async Task InFlightRequest_FinishesOnTheSideItStartedOn()
    {
        await using var rig = await Rig.StartAsync("legacy");
        var arrived = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        rig.Legacy.Handler = async context =>
        {
            arrived.TrySetResult();
            await release.Task;
            await context.Response.WriteAsync("legacy, slowly");
        };

        var inFlight = rig.Gateway.Client.GetStringAsync("/customers/slow");
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var flip = await rig.Gateway.Service<RouteAdmin>().FlipAsync(new FlipRequest
        {
            Subdomain = "customers", Mode = Strangler.Gateway.Configuration.RouteMode.New, Reason = "mid-request", Actor = "test",
        });
        Assert.Equal(RouteAdminOutcome.Applied, flip.Outcome);
        Assert.StartsWith("new ", (await rig.Gateway.GetAsync("/customers/fast")).Body);

        release.SetResult();

        Assert.Equal("legacy, slowly", await inFlight);
    }

    [Fact]
    public async Task KubernetesConfigMapStyleUpdate_SymlinkSwap_IsPickedUp()
    {
        // A mounted ConfigMap changes by swapping a "..data" symlink; no *.json name is touched.
        var legacy = await Upstream.StartAsync("legacy");
        var @new = await Upstream.StartAsync("new");
        await using var _ = legacy;
        await using var __ = @new;
        var directory = RouteFiles.NewDirectory();
        var v1 = Directory.CreateDirectory(Path.Combine(directory, "..v1")).FullName;
        RouteFiles.Write(v1, RouteFiles.Route("customers", legacy.Url, @new.Url, "legacy"));
        File.CreateSymbolicLink(Path.Combine(directory, "..data"), "..v1");
        File.CreateSymbolicLink(Path.Combine(directory, "customers.json"), Path.Combine("..data", "customers.json"));
        await using var gateway = await GatewayHost.StartAsync(directory, legacy);
        Assert.StartsWith("legacy ", (await gateway.GetAsync("/customers/1")).Body);

        var v2 = Directory.CreateDirectory(Path.Combine(directory, "..v2")).FullName;
        RouteFiles.Write(v2, RouteFiles.Route("customers", legacy.Url, @new.Url, "new"));
        File.CreateSymbolicLink(Path.Combine(directory, "..data_tmp"), "..v2");
        // rename(2) replaces the symlink itself, atomically, as kubelet does; File.Move would follow it.
        Assert.Equal(0, Rename(Path.Combine(directory, "..data_tmp"), Path.Combine(directory, "..data")));

        Assert.True(await Eventually.TrueAsync(async () => (await gateway.GetAsync("/customers/1")).Body.StartsWith("new ", StringComparison.Ordinal)));
    }

    // Paths as UTF-8, as Linux takes them; best-fit mapping off, so an unmappable character fails instead of renaming
    // another file.
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "rename", SetLastError = true,
        CharSet = System.Runtime.InteropServices.CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int Rename(string oldPath, string newPath);
}
