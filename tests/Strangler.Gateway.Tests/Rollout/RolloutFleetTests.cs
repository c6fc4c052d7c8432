using System.Net;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Rollout;

/// <summary>Issue 14 item 8: one rollout controller for the fleet, its state in the fleet's store.</summary>
public sealed class RolloutFleetTests
{
    [Fact]
    public async Task ARolloutStartedOnOneReplica_IsSeenByEvery_AndTheNextLeaseHolderCarriesOnFromItsStep()
    {
        await using var fleet = await RolloutFleet.StartAsync(replicas: 3);
        var holder = await fleet.HolderAsync();
        var other = fleet.Replicas.First(r => r != holder);

        var started = await RolloutFleet.CommandAsync(other, "start");
        Assert.Equal(("running", 0), ((string)started["state"]!["status"]!, (int)started["state"]!["step"]!));
        foreach (var replica in fleet.Replicas)
        {
            var seen = await RolloutFleet.UntilAsync(replica, "running", 0);
            Assert.Equal("ops", (string)seen["state"]!["startedBy"]!);
        }

        fleet.Budget.Allow(1);
        var atStep1 = await RolloutFleet.UntilAsync(holder, "running", 1);
        var startedAt = (string)atStep1["state"]!["startedAt"]!;

        await fleet.Rig.StopReplicaAsync(holder);
        var next = await fleet.HolderAsync();
        // The new holder evaluates the shared state with no evidence to promote on: it holds at step 1, it does not
        // start over from step 0 nor repeat the step it inherited.
        var held = await Eventually.UntilAsync(() => RolloutFleet.StatusAsync(next),
            s => (int)s["state"]!["step"]! == 1 && (string?)s["state"]!["evaluations"]!.AsArray()[^1]!["action"] == "hold",
            "the new holder to evaluate step 1 and hold");
        Assert.Equal(("running", "canary:40", startedAt),
            ((string)held["state"]!["status"]!, (string)held["mode"]!, (string)held["state"]!["startedAt"]!));

        fleet.Budget.Allow(1);
        await RolloutFleet.UntilAsync(next, "running", 2);
        foreach (var replica in fleet.Replicas)
        {
            await RolloutFleet.UntilAsync(replica, "running", 2);
        }

        Assert.Equal(["canary:10", "canary:40", "canary:70"], await RolloutFleet.FlipsAsync(next));
        Assert.Equal(0, fleet.Budget.Left);
    }

    [Fact]
    public async Task APauseSentToAReplicaThatIsNotTheHolder_StopsTheHoldersProgression_UntilResumed()
    {
        await using var fleet = await RolloutFleet.StartAsync(replicas: 2);
        var holder = await fleet.HolderAsync();
        var other = fleet.Replicas.Single(r => r != holder);
        await RolloutFleet.CommandAsync(other, "start");

        var paused = await RolloutFleet.CommandAsync(other, "pause");
        Assert.Equal("paused", (string)paused["state"]!["status"]!);
        // A tick that read the state before the pause may still judge the gates (it flips nothing: it reads the state
        // again before any flip); two ticks on, every tick began after the pause, and only then do the gates pass.
        var before = holder.Service<RolloutController>().Ticks;
        await Eventually.UntilAsync(() => Task.FromResult(holder.Service<RolloutController>().Ticks), t => t >= before + 2,
            "two ticks of the lease holder after the pause");
        fleet.Budget.Allow(3);
        var ticks = holder.Service<RolloutController>().Ticks;
        await Eventually.UntilAsync(() => Task.FromResult(holder.Service<RolloutController>().Ticks), t => t >= ticks + 5,
            "five ticks of the lease holder after the pause");

        Assert.Equal(3, fleet.Budget.Left);
        await RolloutFleet.UntilAsync(holder, "paused", 0);
        Assert.Equal(["canary:10"], await RolloutFleet.FlipsAsync(holder));

        await RolloutFleet.CommandAsync(other, "resume");
        await RolloutFleet.UntilAsync(holder, "completed", 3);
        // The other replica hears of the holder's last flip a notification later: wait until it holds four (or more,
        // which the comparison then refuses), rather than reading its history the moment the holder completes.
        var flips = await Eventually.UntilAsync(() => RolloutFleet.FlipsAsync(other), f => f.Count >= 4,
            "the other replica to hear of the holder's four flips");
        Assert.Equal(["canary:10", "canary:40", "canary:70", "new"], flips);
        Assert.Equal(0, fleet.Budget.Left);
    }

    [Fact]
    public async Task TwoReplicasStartingTheSameRolloutAtOnce_OneWins_TheOtherIsRefused()
    {
        await using var fleet = await RolloutFleet.StartAsync(replicas: 2);

        var results = await Task.WhenAll(fleet.Replicas.Select(r =>
            r.AdminAsync(HttpMethod.Post, "/rollout/customers/start", new { actor = r.Url, reason = "race" })));

        var winner = Assert.Single(results, r => r.Response.StatusCode == HttpStatusCode.OK);
        var loser = Assert.Single(results, r => r.Response.StatusCode != HttpStatusCode.OK);
        // Refused either by the rollout state's compare-and-set or, before that, by the route's revision check.
        Assert.True(loser.Response.StatusCode == HttpStatusCode.Conflict, $"{(int)loser.Response.StatusCode} {loser.Body?.ToJsonString()}");
        // Written once: a second writer that overwrote the first would have left version 2. The holder's evaluations
        // (every second in this fleet) save a version each, so they are taken off: on a loaded machine one may come
        // before the state is read here.
        foreach (var replica in fleet.Replicas)
        {
            var seen = await RolloutFleet.UntilAsync(replica, "running", 0);
            var startWrites = (long)seen["state"]!["version"]! - seen["state"]!["evaluations"]!.AsArray().Count;
            Assert.Equal(((long)1, (string)winner.Body!["state"]!["startedBy"]!), (startWrites, (string)seen["state"]!["startedBy"]!));
        }
    }

    [Fact]
    public async Task StoreUnreachable_TheApiSays503_AndTheHolderDoesNotActOnWhatItSawLast()
    {
        var server = new Npgsql.NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("STRANGLER_TEST_POSTGRES") ?? "Host=127.0.0.1");
        await using var relay = new TcpRelay(server.Host!, server.Port);
        await using var fleet = await RolloutFleet.StartAsync(1, relay);
        var replica = await fleet.HolderAsync();
        await RolloutFleet.CommandAsync(replica, "start");
        var (dashboard, _) = await replica.SignedInClientAsync();

        relay.Cut();

        var refused = await Eventually.UntilAsync(() => replica.AdminAsync(HttpMethod.Get, "/rollout/customers"),
            r => r.Response.StatusCode == HttpStatusCode.ServiceUnavailable, "the API to say the rollout state is unavailable");
        // Evidence to promote on from now: a tick that acted on the state it saw last would spend it.
        fleet.Budget.Allow(1);
        Assert.StartsWith("rollout: the fleet's store cannot be reached to read rollout state", (string)refused.Body!["detail"]!);
        var pause = await RolloutFleet.CommandAsync(replica, "pause", HttpStatusCode.ServiceUnavailable);
        Assert.EndsWith("nothing more was changed", (string)pause["detail"]!);
        var panel = await dashboard.GetAsync(StranglerWire.Dashboard + "/ui/rollouts", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, panel.StatusCode);
        Assert.Contains("cannot be reached to read rollout state", await panel.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        await Eventually.UntilAsync(() => replica.Client.GetStringAsync("/metrics"),
            m => m.Split('\n').Any(l => l.StartsWith("strangler_rollout_store_available", StringComparison.Ordinal) && l.TrimEnd().EndsWith(" 0", StringComparison.Ordinal)),
            "the store_available gauge to drop to 0");
        // It ticked while it still held the lease (by its own clock), and found no state to act on.
        await Eventually.UntilAsync(() => Task.FromResult(replica.Service<IFleetLease>().IsHeld(RolloutWorker.LeaseName)), h => !h,
            "the cut-off replica to give up the lease");
        Assert.Equal(1, fleet.Budget.Left);

        relay.Restore();

        await RolloutFleet.UntilAsync(replica, "running", 1);
        Assert.Equal(0, fleet.Budget.Left);
        Assert.Equal(["canary:10", "canary:40"], await RolloutFleet.FlipsAsync(replica));
    }
}
