using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Npgsql;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Rollout.Control;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Rollout;

/// <summary>
/// A replica that published figures and fell silent (frozen, crashed, cut off from the store) dropped out of the fleet's
/// sum with no word: the holder promoted on the others' evidence while it may have been serving errors nobody counted.
/// Here its row is the store's as a silent replica leaves it: published once, then not again.
/// </summary>
public sealed class RolloutSilentReplicaTests
{
    private const string Ghost = "gw-ghost";

    private static readonly Dictionary<string, string?> Fast = new()
    {
        ["Strangler:Gateway:Rollout:TickInterval"] = "00:00:00.100",
        ["Strangler:Gateway:Fleet:TrafficPublishInterval"] = "00:00:00.500",
        ["Strangler:Gateway:Fleet:ReplicaGoneAfter"] = "00:01:00",
        ["Strangler:Gateway:Breaker:FailureThreshold"] = "1000000",
    };

    [Fact]
    public async Task ASilentReplica_HoldsPromotion_NamedInEveryEvaluation_UntilSilentPastTheBound_ThenPromotesSayingItIsGone()
    {
        await using var rig = await StartAsync(RolloutRig.Plan([50, 100], bake: 1, interval: 1, minRequests: 5,
            gates: new JsonObject { ["errorRateMargin"] = 0.05 }));
        var holder = rig.Replicas[0];
        await PublishedAsync(rig, Ghost, ago: TimeSpan.FromSeconds(20));
        await RolloutFleet.CommandAsync(holder, "start");

        var silentFor = new System.Text.RegularExpressions.Regex($@"^replica {Ghost} silent for (\d+) s \(last figures \d\d:\d\d:\d\d UTC\)$");
        var held = await Eventually.UntilAsync(async () =>
        {
            await TrafficAsync(holder);
            return await RolloutFleet.StatusAsync(holder);
        }, s => Evaluations(s).Count(e => Silent(e) is { } line && (string)line["outcome"]! == "inconclusive"
                && silentFor.IsMatch((string)line["value"]!)) >= 3 || (string?)s["state"]?["status"] != "running",
            "three evaluations holding for the silent replica", seconds: 60);

        Assert.Equal(("running", 0, "canary:50"), ((string)held["state"]!["status"]!, (int)held["state"]!["step"]!, (string)held["mode"]!));
        Assert.DoesNotContain("promote", Evaluations(held).Select(e => (string)e["action"]!));
        var last = Evaluations(held)[^1];
        Assert.Equal(("hold", "inconclusive"), ((string)last["action"]!, (string)last["outcome"]!));
        // The other gates pass: only the silent replica holds the step, and the hold says who and why.
        Assert.Equal("pass", (string)Gate(last, "errors")["outcome"]!);
        Assert.Contains($"silent: replica {Ghost} silent for ", (string)held["state"]!["message"]!);
        Assert.Contains("promotion waits", (string)held["state"]!["message"]!);
        Assert.InRange(int.Parse(silentFor.Match((string)Silent(last)!["value"]!).Groups[1].Value), 20, 60);

        // Silent past ReplicaGoneAfter (1 min): gone, no longer waited for, and said so in the evaluation that promotes.
        await PublishedAsync(rig, Ghost, ago: TimeSpan.FromSeconds(61));
        var completed = await Eventually.UntilAsync(async () =>
        {
            await TrafficAsync(holder);
            return await RolloutFleet.StatusAsync(holder);
        }, s => (string?)s["state"]?["status"] != "running", "the rollout to promote once the silent replica is gone", seconds: 60);

        Assert.Equal("completed", (string)completed["state"]!["status"]!);
        var promotion = Evaluations(completed).Last(e => (string)e["action"]! == "complete");
        var gone = Silent(promotion);
        Assert.NotNull(gone);
        Assert.Equal("pass", (string)gone["outcome"]!);
        Assert.Matches($@"^replica {Ghost} silent for 6\d s, considered gone \(last figures \d\d:\d\d:\d\d UTC\)$", (string)gone["value"]!);
    }

    [Fact]
    public async Task ASilentReplica_DoesNotHoldARollback_TheOthersEvidenceOfHarmStillCounts()
    {
        await using var rig = await StartAsync(RolloutRig.Plan([50, 100], bake: 600, interval: 1, minRequests: 5,
            gates: new JsonObject { ["errorRateMargin"] = 0.05 }));
        rig.New.Handler = context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Task.CompletedTask;
        };
        var holder = rig.Replicas[0];
        await PublishedAsync(rig, Ghost, ago: TimeSpan.FromSeconds(20));
        await RolloutFleet.CommandAsync(holder, "start");

        var rolledBack = await Eventually.UntilAsync(async () =>
        {
            await TrafficAsync(holder);
            return await RolloutFleet.StatusAsync(holder);
        }, s => (string?)s["state"]?["status"] == "rolled-back", "the rollout to roll back while a replica is silent", seconds: 60);

        var rollback = Evaluations(rolledBack)[^1];
        Assert.Equal(("rollback", "fail"), ((string)rollback["action"]!, (string)rollback["outcome"]!));
        Assert.Equal("fail", (string)Gate(rollback, "errors")["outcome"]!);
        Assert.Equal("inconclusive", (string)Silent(rollback)!["outcome"]!);
    }

    [Fact]
    public async Task AReplicaStoppedCleanly_IsMarkedLeft_NeitherSilentNorWaitedFor_AndPromotionDoesNotWait()
    {
        await using var rig = await StartAsync(RolloutRig.Plan([50, 100], bake: 1, interval: 1, minRequests: 5,
            gates: new JsonObject { ["errorRateMargin"] = 0.05 }));
        var holder = rig.Replicas[0];
        var leaving = await rig.StartReplicaAsync("r-leaving", extra: Fast);
        await Eventually.UntilAsync(() => LeftAsync(rig, "r-leaving"), rows => rows == (false, false), "the second replica's heartbeat and traffic rows");

        await rig.StopReplicaAsync(leaving);

        // Its rows stay, marked: before, they were deleted, and the evidence it gathered left the sum with them.
        Assert.Equal((true, true), await LeftAsync(rig, "r-leaving"));
        Assert.NotNull((await rig.Store().ReplicasAsync(TestContext.Current.CancellationToken)).Replicas.Single(r => r.ReplicaId == "r-leaving").LeftAt);
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        await RolloutFleet.CommandAsync(holder, "start");
        var completed = await Eventually.UntilAsync(async () =>
        {
            await TrafficAsync(holder);
            return await RolloutFleet.StatusAsync(holder);
        }, s => (string?)s["state"]?["status"] != "running", "the rollout to complete", seconds: 60);

        Assert.Equal("completed", (string)completed["state"]!["status"]!);
        Assert.All(Evaluations(completed), e => Assert.Null(Silent(e)));
    }

    [Fact]
    public async Task AReplicaStoppedCleanly_PublishesItsLastFigures_WhichTheHolderKeepsSumming_NamedLeft()
    {
        // Only the leaving replica serves, and its new side fails; it publishes nothing while it runs (an hour's
        // interval), so the holder can only judge what it publishes as it stops. Before, it published nothing then
        // and deleted its row: the holder never saw the failures and did not roll back.
        await using var rig = await StartAsync(RolloutRig.Plan([50, 100], bake: 600, interval: 1, minRequests: 5,
            gates: new JsonObject { ["errorRateMargin"] = 0.05 }));
        rig.New.Handler = context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Task.CompletedTask;
        };
        var holder = rig.Replicas[0];
        await RolloutFleet.CommandAsync(holder, "start");
        var leaving = await rig.StartReplicaAsync("r-leaving", extra: new Dictionary<string, string?>(Fast)
        {
            ["Strangler:Gateway:Fleet:TrafficPublishInterval"] = "01:00:00",
            ["Strangler:Gateway:Fleet:ReplicaGoneAfter"] = "04:00:00",
        });
        await Eventually.UntilAsync(() => Task.FromResult(FleetRig.Revision(leaving)), r => r == FleetRig.Revision(holder),
            "the leaving replica to serve the canary's revision");
        await TrafficAsync(leaving);
        await TrafficAsync(leaving);

        await rig.StopReplicaAsync(leaving);

        var rolledBack = await Eventually.UntilAsync(() => RolloutFleet.StatusAsync(holder),
            s => (string?)s["state"]?["status"] != "running", "the holder to judge the stopped replica's failures", seconds: 30);
        Assert.Equal("rolled-back", (string)rolledBack["state"]!["status"]!);
        var rollback = Evaluations(rolledBack)[^1];
        Assert.Equal("fail", (string)Gate(rollback, "errors")["outcome"]!);
        Assert.Contains("over 2 replicas", (string)Gate(rollback, "errors")["value"]!);
        Assert.Matches(@"^replica r-leaving left \d+ s ago, its figures to \d\d:\d\d:\d\d UTC counted$", (string)Gate(rollback, "left")["value"]!);
        Assert.Equal("pass", (string)Gate(rollback, "left")["outcome"]!);
        Assert.All(Evaluations(rolledBack), e => Assert.Null(Silent(e)));
    }

    [Fact]
    public async Task ALeftReplicasRows_AreDeleted_OnceNoWindowCanReachItsFigures()
    {
        await using var rig = await StartAsync(RolloutRig.Plan([50, 100], bake: 600, interval: 1, minRequests: 5));
        await using (var connection = new NpgsqlConnection(rig.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            // Left 16 minutes ago (past the 15-minute longest window plus three publications), and 1 minute ago.
            await using var insert = new NpgsqlCommand("""
                INSERT INTO strangler_gateway_replicas (replica_id, address, revision, last_seen, left_at) VALUES
                    ('long-left', '', 1, now() - interval '16 minutes', now() - interval '16 minutes'),
                    ('just-left', '', 1, now() - interval '1 minute', now() - interval '1 minute');
                INSERT INTO strangler_gateway_traffic (replica_id, figures, published_at, left_at) VALUES
                    ('long-left', '[]', now() - interval '16 minutes', now() - interval '16 minutes'),
                    ('just-left', '[]', now() - interval '1 minute', now() - interval '1 minute');
                """, connection);
            await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await Eventually.UntilAsync(() => LeftAsync(rig, "long-left"), rows => rows == (null, null), "the long-left replica's rows to be deleted");
        Assert.Equal((true, true), await LeftAsync(rig, "just-left"));
    }

    private static async Task<FleetRig> StartAsync(JsonObject plan)
    {
        var rig = await FleetRig.StartAsync(replicas: 0);
        var route = RouteFiles.Route("customers", rig.Legacy.Url, rig.New.Url);
        route["fallbackToLegacy"] = false;
        route["rollout"] = plan;
        RouteFiles.Write(rig.RoutesDirectory, route);
        var holder = await rig.StartReplicaAsync("r0", extra: Fast);
        await Eventually.UntilAsync(() => Task.FromResult(holder.Service<IFleetLease>().IsHeld(RolloutWorker.LeaseName)), held => held,
            "the only replica to hold the rollout lease");
        return rig;
    }

    /// <summary>A replica's traffic row as it last published, <paramref name="ago"/> (by the store's clock).</summary>
    private static async Task PublishedAsync(FleetRig rig, string replica, TimeSpan ago)
    {
        await using var connection = new NpgsqlConnection(rig.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO strangler_gateway_traffic (replica_id, figures, gate_slots, published_at)
            VALUES (@id, '[]', '{"w":10,"routes":[]}', now() - @ms * interval '1 millisecond')
            ON CONFLICT (replica_id) DO UPDATE SET published_at = EXCLUDED.published_at
            """, connection);
        command.Parameters.AddWithValue("id", replica);
        command.Parameters.AddWithValue("ms", (long)ago.TotalMilliseconds);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Whether the replica's heartbeat and traffic rows are marked as left; null where there is no row.</summary>
    private static async Task<(bool? Heartbeat, bool? Traffic)> LeftAsync(FleetRig rig, string replica)
    {
        await using var connection = new NpgsqlConnection(rig.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT left_at IS NOT NULL FROM strangler_gateway_replicas WHERE replica_id = @id),
                   (SELECT left_at IS NOT NULL FROM strangler_gateway_traffic WHERE replica_id = @id)
            """, connection);
        command.Parameters.AddWithValue("id", replica);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        await reader.ReadAsync(TestContext.Current.CancellationToken);
        return (reader.IsDBNull(0) ? null : reader.GetBoolean(0), reader.IsDBNull(1) ? null : reader.GetBoolean(1));
    }

    /// <summary>A batch from distinct users, so the canary splits them across both sides.</summary>
    private static async Task TrafficAsync(GatewayHost replica)
    {
        for (var i = 0; i < 20; i++)
        {
            using var response = (await replica.GetAsync("/customers/" + i, "user-" + Guid.NewGuid().ToString("N"))).Response;
        }
    }

    private static List<JsonNode> Evaluations(JsonNode status) => [.. (status["state"]?["evaluations"]?.AsArray() ?? []).Select(e => e!)];

    private static JsonNode? Silent(JsonNode evaluation) =>
        evaluation["gates"]!.AsArray().SingleOrDefault(g => (string)g!["gate"]! == "silent");

    private static JsonNode Gate(JsonNode evaluation, string gate) =>
        evaluation["gates"]!.AsArray().Single(g => (string)g!["gate"]! == gate)!;
}
