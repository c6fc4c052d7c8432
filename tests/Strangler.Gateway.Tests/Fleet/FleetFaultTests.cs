using System.Diagnostics;
using System.Net;
using Npgsql;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Fleet;

public sealed class FleetFaultTests
{
    [Fact]
    public async Task ReplicaThatLosesTheStore_KeepsServingStaysReadySaysHowStale_AndCatchesUpOnReconnect()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 1);
        await using var relay = Relay(fleet);
        var cutOff = await fleet.StartReplicaAsync("cut-off", relay);
        var before = FleetRig.Revision(cutOff);

        relay.Cut();
        var (flip, change) = await fleet.Replicas[0].AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode = "new", reason = "while one replica is cut off", actor = "test" });
        Assert.Equal(HttpStatusCode.OK, flip.StatusCode);
        var revision = (long)change!["revision"]!;

        var ready = await Eventually.UntilAsync(() => cutOff.Client.GetAsync("/readyz"),
            r => r.Content.ReadAsStringAsync().Result.Contains("route store unreachable"), "the replica to notice the outage");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var (body, _, _) = await cutOff.GetAsync("/customers/1", "u1");
        Assert.StartsWith("legacy ", body);
        Assert.Equal(before, FleetRig.Revision(cutOff));
        var age = await Eventually.UntilAsync(() => Task.FromResult(cutOff.Service<FleetRouteState>().AgeSeconds ?? 0), a => a >= 2,
            "the state's age to grow while cut off");
        var metrics = await cutOff.Client.GetStringAsync("/metrics");
        Assert.Contains("strangler_gateway_route_state_age_seconds", metrics);
        var refused = await cutOff.AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode = "legacy", reason = "from the cut-off replica", actor = "test" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Response.StatusCode);
        Assert.Contains("cannot be reached", refused.Body!.ToJsonString());

        relay.Restore();

        await Eventually.UntilAsync(() => Task.FromResult(FleetRig.Revision(cutOff)), r => r == revision, "catch-up after reconnect");
        (body, _, _) = await cutOff.GetAsync("/customers/1", "u1");
        Assert.StartsWith("new ", body);
        await Eventually.UntilAsync(() => Task.FromResult(cutOff.Service<FleetRouteState>().AgeSeconds ?? 99), a => a < age,
            "the state to be fresh again");
        Assert.DoesNotContain("unreachable", await cutOff.Client.GetStringAsync("/readyz"));
    }

    [Fact]
    public async Task StoreThatHangs_IsReportedUnreachableAfterTheStatementDeadline_NotTheDriversThirtySeconds()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 0);
        await using var relay = Relay(fleet);
        var replica = await fleet.StartReplicaAsync("hung", relay);
        Assert.DoesNotContain("unreachable", await replica.Client.GetStringAsync("/readyz"));

        // Connections stay open, nothing answers: the listener's keep-alive would wait the driver's 30 s command timeout.
        relay.Freeze();

        var ready = await Eventually.UntilAsync(() => replica.Client.GetAsync("/readyz"),
            r => r.Content.ReadAsStringAsync().Result.Contains("route store unreachable"), "the hung store to be noticed",
            seconds: 20);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        relay.Thaw();
        await Eventually.UntilAsync(() => replica.Client.GetStringAsync("/readyz"), r => !r.Contains("unreachable"),
            "the replica to reconnect once the store answers again");
    }

    [Fact]
    public async Task StoreTimeout_IsTheStatementDeadline_AReplicaWithOneOf1SecondGivesUpOnAHungStore_OneOf60SecondsWaits()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 0);
        await using var relay = Relay(fleet);
        var quick = await fleet.StartReplicaAsync("quick", relay, StoreTimeout("00:00:01"));
        // The rig gives connections through a relay a 3 s connect timeout; the patient replica gets 2 minutes, so a
        // connection it happens to open during the freeze (pool or listener) waits on its StoreTimeout, as the
        // statements do, instead of failing at 3 s (seen under load: "unreachable (The operation has timed out)").
        var patientSettings = StoreTimeout("00:01:00");
        var patientStore = new NpgsqlConnectionStringBuilder(FleetDatabase.Via(fleet.ConnectionString, fleet.ApplicationName("patient"), relay));
        patientStore.Timeout = 120;
        patientSettings["Strangler:Gateway:Fleet:ConnectionString"] = patientStore.ConnectionString;
        var patient = await fleet.StartReplicaAsync("patient", relay, patientSettings);
        Assert.DoesNotContain("unreachable", await quick.Client.GetStringAsync("/readyz"));

        relay.Freeze();
        var frozen = Stopwatch.StartNew();

        var ready = await Eventually.UntilAsync(() => quick.Client.GetStringAsync("/readyz"), r => r.Contains("route store unreachable"),
            "the replica with a 1 s StoreTimeout to give up on the hung store", seconds: 40);
        Assert.Contains("did not answer within 1 s", ready);
        // Ordering, not a stopwatch on the quick one: the patient replica has not given up, well past the 5 s default
        // (plus the driver's 2 s attempt to cancel) and well before its own 60 s.
        while (frozen.Elapsed < TimeSpan.FromSeconds(15))
        {
            Assert.DoesNotContain("unreachable", await patient.Client.GetStringAsync("/readyz"));
            await Task.Delay(TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);
        }

        Assert.DoesNotContain("unreachable", await patient.Client.GetStringAsync("/readyz"));
        relay.Thaw();
        await Eventually.UntilAsync(() => quick.Client.GetStringAsync("/readyz"), r => !r.Contains("unreachable"),
            "the quick replica to reconnect once the store answers again");
    }

    [Fact]
    public async Task ListenerBackendTerminated_ReplicaReconnects_AndServesTheNextFlip()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 2);
        var terminated = await FleetDatabase.TerminateAsync(fleet.ConnectionString, fleet.ApplicationName("r1"));
        Assert.True(terminated >= 1, "the replica's listening connection was found and ended");

        var (flip, change) = await fleet.Replicas[0].AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode = "new", reason = "after the backend died", actor = "test" });

        Assert.Equal(HttpStatusCode.OK, flip.StatusCode);
        await Eventually.UntilAsync(() => Task.FromResult(FleetRig.Revision(fleet.Replicas[1])),
            r => r == (long)change!["revision"]!, "the replica whose backend was ended to catch up");
    }

    [Fact]
    public async Task ReplicaRestartedWhileTheStoreIsDown_ServesItsCachedState_AndOneWithoutCacheIsNotReady()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 1);
        await using var relay = Relay(fleet);
        var (_, change) = await fleet.Replicas[0].AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode = "new", reason = "before the outage", actor = "test" });
        var revision = (long)change!["revision"]!;
        var restarted = await fleet.StartReplicaAsync("restarted", relay);
        Assert.Equal(revision, FleetRig.Revision(restarted));
        await fleet.StopReplicaAsync(restarted);

        relay.Cut();
        restarted = await fleet.StartReplicaAsync("restarted", relay);
        var fresh = await fleet.StartReplicaAsync("fresh", relay);

        var ready = await restarted.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains($"revision {revision} (from the cache)", await ready.Content.ReadAsStringAsync());
        var (body, _, _) = await restarted.GetAsync("/customers/1", "u1");
        Assert.StartsWith("new ", body);
        var notReady = await fresh.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("route store unreachable", await notReady.Content.ReadAsStringAsync());
        // Its 503 points to the routes list's load errors, which name the store rather than being empty.
        var (refused, _, _) = await fresh.GetAsync("/customers/1", "u1");
        Assert.Contains("load errors", refused);
        var (_, routes) = await fresh.AdminAsync(HttpMethod.Get, "/routes");
        var error = routes!["lastLoadError"]!["errors"]![0]!;
        Assert.Equal("store", (string?)error["field"]);
        Assert.Contains("route store cannot be reached", (string?)error["message"]);
        // A flip through it is the store's failure (503), not a sub-domain that does not exist (it answered 404).
        var flip = await fresh.AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode = "legacy", reason = "through the replica that never read the store", actor = "test" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, flip.Response.StatusCode);
        Assert.Contains("has not read a route table from it yet, so nothing changed", flip.Body!.ToJsonString());
        var rollback = await fresh.AdminAsync(HttpMethod.Post, "/rollback", new { revision, reason = "back", actor = "test" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, rollback.Response.StatusCode);

        relay.Restore();
        await Eventually.UntilAsync(() => fresh.Client.GetAsync("/readyz"), r => r.StatusCode == HttpStatusCode.OK,
            "the replica without cache to become ready once the store answers");
        Assert.Equal(revision, FleetRig.Revision(fresh));
        Assert.Null((await fresh.AdminAsync(HttpMethod.Get, "/routes")).Body!["lastLoadError"]);
    }

    [Fact]
    public async Task Lease_HeldByOneReplicaAtATime_MovesOnWhenItsHolderStopsRenewing()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 0);
        await using var relayA = Relay(fleet);
        await using var relayB = Relay(fleet);
        var a = await fleet.StartReplicaAsync("a", relayA);
        var b = await fleet.StartReplicaAsync("b", relayB);
        var leases = new[] { (Host: a, Relay: relayA), (Host: b, Relay: relayB) };

        var holders = await Eventually.UntilAsync(
            () => Task.FromResult(leases.Where(l => l.Host.Service<IFleetLease>().IsHeld("rollout")).ToList()),
            h => h.Count == 1, "one replica to hold the rollout lease");
        var holder = holders[0];
        var other = leases.Single(l => l.Host != holder.Host);
        Assert.False(other.Host.Service<IFleetLease>().IsHeld("rollout"));

        holder.Relay.Cut();

        await Eventually.UntilAsync(() => Task.FromResult(other.Host.Service<IFleetLease>().IsHeld("rollout")), held => held,
            "the other replica to take the lease over");
        Assert.False(holder.Host.Service<IFleetLease>().IsHeld("rollout"), "the cut-off holder gave up by its own clock");
    }

    [Fact]
    public async Task SingleGateway_HoldsEveryLease()
    {
        await using var rig = await Rig.StartAsync();
        Assert.True(rig.Gateway.Service<IFleetLease>().IsHeld("rollout"));
    }

    private static Dictionary<string, string?> StoreTimeout(string timeout) => new()
    {
        ["Strangler:Gateway:Fleet:StoreTimeout"] = timeout,
    };

    private static TcpRelay Relay(FleetRig fleet)
    {
        var builder = new NpgsqlConnectionStringBuilder(fleet.ConnectionString);
        return new TcpRelay(builder.Host!, builder.Port);
    }
}
