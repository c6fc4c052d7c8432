using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Rollout.FleetGates;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Rollout;

/// <summary>
/// A replica restarted under its id (the default id is stable across restarts; a rolling deploy restarts every replica)
/// replaced its previous run's row, final figures and all, with its fresh counters at its first publication: failures
/// the canary served just before the restart left the holder's sum, and the holder promoted on the healthy traffic
/// after it. Now the restarted run takes its previous run's evidence over before it first publishes.
/// </summary>
public sealed class RolloutRestartedReplicaTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Dictionary<string, string?> Fast = new()
    {
        ["Strangler:Gateway:Rollout:TickInterval"] = "00:00:00.100",
        ["Strangler:Gateway:Fleet:TrafficPublishInterval"] = "00:00:00.500",
        ["Strangler:Gateway:Fleet:ReplicaGoneAfter"] = "00:01:00",
        ["Strangler:Gateway:Breaker:FailureThreshold"] = "1000000",
    };

    // First evaluated 20 s after the start, over 30 s, by when the restart has published in an unhurried run. The
    // failures before it (about 20 a side, over the 10 needed) decide on their own, so whenever that evaluation comes,
    // it rolls back if the restart kept them and promotes on the healthy traffic after it if not. Before, 40 requests
    // were needed: a restart slowed by a loaded machine could leave too few at 20 s, and at 40 s the failures had left
    // the window, and the step was promoted however the restart had kept them.
    private static JsonObject Plan() => RolloutRig.Plan([50, 100], bake: 20, interval: 20, minRequests: 10,
        gates: new JsonObject { ["errorRateMargin"] = 0.05 });

    [Fact]
    public async Task AReplicaStoppedCleanlyAndRestartedUnderItsId_KeepsItsPreviousRunsFailuresInTheSum_AndTheCanaryRollsBack()
    {
        await using var rig = await FleetRig.StartAsync(replicas: 0);
        WriteRoute(rig);
        var holder = await rig.StartReplicaAsync("r0", extra: Fast);
        await HoldsLeaseAsync(holder);
        FailNewSide(rig);
        await RolloutFleet.CommandAsync(holder, "start");
        // It publishes only as it stops (an hour's interval): what the holder sees of its run is its final row.
        var canary = await rig.StartReplicaAsync("r-canary", extra: new Dictionary<string, string?>(Fast)
        {
            ["Strangler:Gateway:Fleet:TrafficPublishInterval"] = "01:00:00",
            ["Strangler:Gateway:Fleet:ReplicaGoneAfter"] = "04:00:00",
        });
        await Eventually.UntilAsync(() => Task.FromResult(FleetRig.Revision(canary)), r => r == FleetRig.Revision(holder),
            "the canary replica to serve the rollout's revision");
        await TrafficAsync(canary, 40);

        await rig.StopReplicaAsync(canary);

        var final = await NewSideAsync(rig, "r-canary");
        Assert.True(final.Errors > 0 && final.Errors == final.Requests && final.Requests < 40, $"the stopped run's final row: {final}");
        rig.New.Handler = null;
        var restarted = await rig.StartReplicaAsync("r-canary", extra: Fast);
        await Eventually.UntilAsync(() => LeftAsync(rig, "r-canary"), left => left == false, "the restarted run to publish");

        // Its publication carries its previous run's failures, once: not lost, not counted twice.
        Assert.Equal(final, await NewSideAsync(rig, "r-canary"));
        var decided = await DecidedAsync(restarted, holder);

        // Before: the restarted run's row held only the healthy traffic after the restart, and the canary was promoted.
        Assert.True((string)decided["state"]!["status"]! == "rolled-back", decided.ToJsonString());
        var rollback = Evaluations(decided)[^1];
        Assert.Equal("fail", (string)Gate(rollback, "errors")["outcome"]!);
        Assert.Contains("over 2 replicas", (string)Gate(rollback, "errors")["value"]!);
    }

    [Fact]
    public async Task TheHolderRestartedUnderItsId_JudgesTheFailuresItsPreviousRunSaw()
    {
        // The holder sums its own live history, never its own row: before, the restarted holder judged only what it
        // served since, and promoted.
        await using var rig = await FleetRig.StartAsync(replicas: 0);
        WriteRoute(rig);
        var holder = await rig.StartReplicaAsync("r0", extra: Fast);
        await HoldsLeaseAsync(holder);
        FailNewSide(rig);
        await RolloutFleet.CommandAsync(holder, "start");
        await TrafficAsync(holder, 40);
        await rig.StopReplicaAsync(holder);

        var final = await NewSideAsync(rig, "r0");
        Assert.True(final.Errors > 0 && final.Errors == final.Requests && final.Requests < 40, $"the stopped run's final row: {final}");
        rig.New.Handler = null;
        // Failed twice in full runs, never alone: the restarted holder judged none of the failures (one evaluation,
        // "errors 0.0% vs 0.0%"), so its fleet and rollout lines go with a failure, to say whether it took them over.
        var logs = new CapturedLogLines();
        holder = await rig.StartReplicaAsync("r0", extra: Fast, logs: logs);
        await HoldsLeaseAsync(holder);
        var decided = await DecidedAsync(holder, holder);

        Assert.True((string)decided["state"]!["status"]! == "rolled-back", decided.ToJsonString() + "\nthe restarted holder's fleet lines:\n"
            + string.Join("\n", logs.Lines.Where(l => l.Contains("evidence", StringComparison.Ordinal) || l.Contains("Lease ", StringComparison.Ordinal)
                || l.Contains(" lease", StringComparison.Ordinal) || l.StartsWith("Replica", StringComparison.Ordinal))));
        Assert.Equal("fail", (string)Gate(Evaluations(decided)[^1], "errors")["outcome"]!);
    }

    [Fact]
    public async Task AReplicaThatCrashedAndRestartedUnderItsId_TakesOverTheFailuresItsLastPublicationHeld()
    {
        await using var rig = await FleetRig.StartAsync(replicas: 0);
        WriteRoute(rig);
        var holder = await rig.StartReplicaAsync("r0", extra: Fast);
        await HoldsLeaseAsync(holder);
        await RolloutFleet.CommandAsync(holder, "start");
        // The row a crashed run leaves: its last publication, a second old, not marked as left, 30 failures on the new
        // side in the current slot, and 3 of 12 shadow answers differing in the current minute.
        var now = DateTimeOffset.UtcNow;
        var slot = now.ToUnixTimeMilliseconds() / 10_000;
        var minute = now.ToUnixTimeSeconds() / 60 * 60;
        var crashed = new GateSlotsDocument(10,
        [
            new RouteGateSlots("customers", New: [new PublishedSlot(slot, 30, 30, 0, [5, 30])],
                Legacy: [new PublishedSlot(slot, 30, 0, 0, [5, 30])], Diff: [new PublishedDiff(minute, 12, 3)]),
        ]);
        await InsertCrashedRowAsync(rig, "r-crashed", crashed, now.AddSeconds(-1));

        var restarted = await rig.StartReplicaAsync("r-crashed", extra: Fast);
        await Eventually.UntilAsync(() => AgeAsync(rig, "r-crashed"), age => age < TimeSpan.FromMilliseconds(800), "the restarted run to publish");

        // Its publication carries the failures, and the shadow comparisons (this run compares none: no shadow block).
        Assert.Equal((30, 30), await NewSideAsync(rig, "r-crashed"));
        Assert.Equal([new PublishedDiff(minute, 12, 3)], (await DocumentAsync(rig, "r-crashed")).Routes.Single().Diff);
        var decided = await DecidedAsync(restarted, holder);

        Assert.True((string)decided["state"]!["status"]! == "rolled-back", decided.ToJsonString());
        Assert.Equal("fail", (string)Gate(Evaluations(decided)[^1], "errors")["outcome"]!);
    }

    [Fact]
    public async Task ARunRestartedOnAMachineWhoseClockIsTwoMinutesAhead_MovesItsPreviousRunsFailuresOntoItsClock_AndTheCanaryRollsBack()
    {
        await using var rig = await FleetRig.StartAsync(replicas: 0);
        WriteRoute(rig);
        var holder = await rig.StartReplicaAsync("r0", extra: Fast);
        await HoldsLeaseAsync(holder);
        await RolloutFleet.CommandAsync(holder, "start");
        // The row its previous run left as it crashed, just now, on this machine's clock (a pod since moved to a node
        // whose clock runs two minutes ahead): 30 failures on the new side in the current slot, which is the rollout's
        // step's or later (a slot dated even a second earlier may lie before the step began, outside every window).
        // Published at the time it carries (the store runs on this machine's clock), so the offset read is two minutes
        // to the millisecond however long the insert takes on a loaded machine.
        var now = DateTimeOffset.UtcNow;
        var slot = now.ToUnixTimeMilliseconds() / 10_000;
        var crashed = new GateSlotsDocument(10,
            [new RouteGateSlots("customers", New: [new PublishedSlot(slot, 30, 30, 0, [5, 30])], Legacy: [], Diff: [])],
            [], now.ToUnixTimeMilliseconds());
        await InsertCrashedRowAsync(rig, "r-moved", crashed, now);

        var logs = new CapturedLogLines();
        var restarted = await rig.StartReplicaAsync("r-moved", extra: Fast, logs: logs,
            services: services => services.AddSingleton<TimeProvider>(new OffClock(TimeSpan.FromMinutes(2))));
        // Its own publication, not the crashed row (as young as it, so its age cannot tell them apart).
        await Eventually.UntilAsync(async () => (await DocumentAsync(rig, "r-moved")).BuiltAt, at => at != crashed.BuiltAt,
            "the restarted run to publish");

        // Before, the slot went into its history unmoved, two minutes old on its clock: past its window, so it was
        // never published again, and the holder promoted on the healthy traffic after the restart.
        var published = (await DocumentAsync(rig, "r-moved")).Routes.Single().New;
        Assert.Equal([(slot + 12, 30L, 30L)], published.Where(s => s.Errors > 0).Select(s => (s.Slot, s.Requests, s.Errors)));
        Assert.True(logs.Lines.Any(l => l.Contains("previous run's clock ran -120 s from this run's", StringComparison.Ordinal)),
            string.Join("\n", logs.Lines.Where(l => l.StartsWith("Replica", StringComparison.Ordinal))));
        var decided = await DecidedAsync(restarted, holder);

        Assert.True((string)decided["state"]!["status"]! == "rolled-back", decided.ToJsonString());
        var rollback = Evaluations(decided)[^1];
        Assert.Equal("fail", (string)Gate(rollback, "errors")["outcome"]!);
        Assert.Matches("^replica r-moved's clock is (11[5-9] s|2 min|2 min [1-5] s) ahead of this replica's$", (string)Gate(rollback, "clock")["value"]!);
    }

    /// <summary>
    /// 120 healthy requests through <paramref name="replica"/> (about 60 a side: enough to judge on their own), then the
    /// holder's decision: a rollback, or a promotion.
    /// </summary>
    private static async Task<JsonNode> DecidedAsync(GatewayHost replica, GatewayHost holder)
    {
        await TrafficAsync(replica, 120);
        return await Eventually.UntilAsync(() => RolloutFleet.StatusAsync(holder),
            s => (string?)s["state"]?["status"] != "running" || Evaluations(s).Any(e => (string)e["action"]! == "promote"),
            "the holder to judge the traffic", seconds: 60);
    }

    private static void FailNewSide(FleetRig rig) => rig.New.Handler = context =>
    {
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return Task.CompletedTask;
    };

    private static void WriteRoute(FleetRig rig)
    {
        var route = RouteFiles.Route("customers", rig.Legacy.Url, rig.New.Url);
        route["fallbackToLegacy"] = false;
        route["rollout"] = Plan();
        RouteFiles.Write(rig.RoutesDirectory, route);
    }

    private static Task HoldsLeaseAsync(GatewayHost holder) =>
        Eventually.UntilAsync(() => Task.FromResult(holder.Service<IFleetLease>().IsHeld(RolloutWorker.LeaseName)), held => held,
            "the first replica to hold the rollout lease");

    /// <summary>The new side's requests and errors in the replica's row as it last published.</summary>
    private static async Task<(long Requests, long Errors)> NewSideAsync(FleetRig rig, string replica)
    {
        var slots = (await DocumentAsync(rig, replica)).Routes.Single(r => r.Subdomain == "customers").New;
        return (slots.Sum(s => s.Requests), slots.Sum(s => s.Errors));
    }

    /// <summary>The row a run that crashed leaves: its last publication, not marked as left.</summary>
    private static async Task InsertCrashedRowAsync(FleetRig rig, string replica, GateSlotsDocument slots, DateTimeOffset publishedAt)
    {
        await using var connection = new NpgsqlConnection(rig.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO strangler_gateway_traffic (replica_id, figures, gate_slots, published_at)
            VALUES (@replica, '[]', @slots, @at)
            """, connection);
        insert.Parameters.AddWithValue("replica", replica);
        insert.Parameters.AddWithValue("slots", JsonSerializer.Serialize(slots, Json));
        insert.Parameters.AddWithValue("at", publishedAt);
        await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<GateSlotsDocument> DocumentAsync(FleetRig rig, string replica)
    {
        await using var connection = new NpgsqlConnection(rig.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT gate_slots FROM strangler_gateway_traffic WHERE replica_id = @id", connection);
        command.Parameters.AddWithValue("id", replica);
        return JsonSerializer.Deserialize<GateSlotsDocument>((string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!, Json)!;
    }

    /// <summary>How long ago the replica's row was published, by the store's clock.</summary>
    private static async Task<TimeSpan> AgeAsync(FleetRig rig, string replica)
    {
        await using var connection = new NpgsqlConnection(rig.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT CAST(EXTRACT(EPOCH FROM now() - published_at) * 1000 AS bigint) FROM strangler_gateway_traffic WHERE replica_id = @id", connection);
        command.Parameters.AddWithValue("id", replica);
        return TimeSpan.FromMilliseconds((long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
    }

    private static async Task<bool?> LeftAsync(FleetRig rig, string replica)
    {
        await using var connection = new NpgsqlConnection(rig.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT left_at IS NOT NULL FROM strangler_gateway_traffic WHERE replica_id = @id", connection);
        command.Parameters.AddWithValue("id", replica);
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken) as bool?;
    }

    /// <summary>Requests from distinct users, so the canary splits them across both sides.</summary>
    private static async Task TrafficAsync(GatewayHost replica, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var response = (await replica.GetAsync("/customers/" + i, "user-" + Guid.NewGuid().ToString("N"))).Response;
        }
    }

    private static List<JsonNode> Evaluations(JsonNode status) => [.. (status["state"]?["evaluations"]?.AsArray() ?? []).Select(e => e!)];

    private static JsonNode Gate(JsonNode evaluation, string gate) =>
        evaluation["gates"]!.AsArray().Single(g => (string)g!["gate"]! == gate)!;
}
