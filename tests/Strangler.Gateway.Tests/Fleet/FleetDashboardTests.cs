using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Strangler.Gateway.Dashboard.Replicas;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Fleet;

public sealed class FleetDashboardTests
{
    private const string Panel = StranglerWire.Dashboard + "/ui/fleet";

    [Fact]
    public async Task FleetPanel_ListsTheReplicasFromTheirHeartbeats_FlagsOneBehindAndSilent_AndShowsItsOwnStaleness()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 2);
        await using var relay = Relay(fleet);
        var cutOff = await fleet.StartReplicaAsync("cut-off", relay);
        var (client, _) = await fleet.Replicas[0].SignedInClientAsync();
        using var signedIn = client;
        var anonymous = await fleet.Replicas[0].NewBrowserClient().GetAsync(Panel);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var healthy = await Eventually.UntilAsync(() => PanelAsync(client),
            p => Replicas(p).Count == 3 && Replicas(p).All(r => !Flagged(r)), "three replicas, none flagged");
        Assert.True((bool)healthy["fleet"]!);
        Assert.False((bool)healthy["stale"]!);
        Assert.Equal("r0", (string)Replicas(healthy).Single(r => (bool)r["self"]!)["id"]!);

        var served = FleetRig.Revision(cutOff);
        relay.Cut();
        var (flip, change) = await fleet.Replicas[0].AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode = "new", reason = "while one replica is cut off", actor = "test" });
        Assert.Equal(HttpStatusCode.OK, flip.StatusCode);
        var revision = (long)change!["revision"]!;

        var panel = await Eventually.UntilAsync(() => PanelAsync(client),
            p => (bool)Replica(p, "cut-off")["behind"]! && (bool)Replica(p, "cut-off")["silent"]!
                && !Flagged(Replica(p, "r1")) && !Flagged(Replica(p, "r0")),
            "the cut-off replica flagged behind and silent, the others not");
        Assert.Equal(revision, (long)panel["storeRevision"]!);
        Assert.Equal(served, (long)Replica(panel, "cut-off")["revision"]!);

        // The cut-off replica's own panel: stale, saying why, with the same age as /readyz and the metric.
        var (cutClient, _) = await cutOff.SignedInClientAsync();
        using var cutSignedIn = cutClient;
        var own = await Eventually.UntilAsync(() => PanelAsync(cutClient),
            p => (bool)p["stale"]! && p["storeError"] is not null && p["replicasError"] is not null, "the cut-off replica to see itself stale");
        var before = cutOff.Service<FleetRouteState>().AgeSeconds!.Value;
        own = await PanelAsync(cutClient);
        var after = cutOff.Service<FleetRouteState>().AgeSeconds!.Value;
        Assert.InRange((double)own["ageSeconds"]!, before, after);
        Assert.Equal(served, (long)own["servedRevision"]!);
        Assert.Empty(Replicas(own));
        Assert.DoesNotContain("Password", own.ToJsonString());
    }

    [Fact]
    public async Task FleetPanel_NamesEachReplicasProcess_HostPidAndRunStart_FromItsRow()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 1);
        // One held by a process elsewhere, started two hours ago, and one written by a gateway older than run ids.
        await using (var connection = new NpgsqlConnection(fleet.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var insert = new NpgsqlCommand("""
                INSERT INTO strangler_gateway_replicas (replica_id, address, revision, last_seen, host, pid, started_at) VALUES
                    ('elsewhere', 'http://b', 0, now(), 'web-b', 4242, now() - interval '2 hours'),
                    ('older', 'http://c', 0, now(), NULL, NULL, NULL)
                """, connection);
            await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var (client, _) = await fleet.Replicas[0].SignedInClientAsync();
        using var signedIn = client;
        var panel = await Eventually.UntilAsync(() => PanelAsync(client), p => Replicas(p).Count == 3, "the three rows");

        var elsewhere = Replica(panel, "elsewhere");
        Assert.Equal(("web-b", 4242), ((string?)elsewhere["host"], (int?)elsewhere["processId"]));
        Assert.InRange((double)elsewhere["secondsSinceStart"]!, 7200, 7200 + 600);
        var older = Replica(panel, "older");
        Assert.Equal((null, null, null, null), ((string?)older["host"], (int?)older["processId"], (string?)older["startedAt"], (double?)older["secondsSinceStart"]));
        // This replica's own row carries the run it started with (its start to PostgreSQL's microsecond).
        var run = fleet.Replicas[0].Service<ReplicaRun>();
        var self = Replica(panel, "r0");
        Assert.Equal((run.Host, run.ProcessId, run.StartedAt.UtcTicks / 10),
            ((string?)self["host"], (int?)self["processId"], ((DateTimeOffset)self["startedAt"]!).UtcTicks / 10));
    }

    // Bug: a second gateway under the same explicit ReplicaId was refused and not ready, and `routes replicas` flagged
    // the holder DUPLICATE, but the panel showed the holder alone: whoever watched the dashboard never learnt of it.
    [Fact]
    public async Task FleetPanel_FlagsAReplicaWhoseIdAnotherProcessIsRefused_NamingIt_UntilItStopsTrying()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var fleet = await FleetRig.StartAsync(replicas: 0);
        var first = await fleet.StartReplicaAsync("gw", services: Run("host-a", 101));
        Assert.True(await Eventually.TrueAsync(() => first.Service<ReplicaOwnership>().Held), "the first gateway holds its id");
        // One that stopped cleanly just after a refusal: its id is free, nothing to mend.
        await using (var connection = new NpgsqlConnection(fleet.ConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var insert = new NpgsqlCommand("""
                INSERT INTO strangler_gateway_replicas (replica_id, address, revision, last_seen, left_at, refused_run, refused_host, refused_pid, refused_at)
                VALUES ('drained', '', 0, now(), now(), 'r-x', 'web-x', 9, now())
                """, connection);
            await insert.ExecuteNonQueryAsync(ct);
        }

        var second = await fleet.StartReplicaAsync("gw", services: Run("host-<b>", 202));
        Assert.True(await Eventually.TrueAsync(() => second.Service<ReplicaOwnership>().Refusals >= 1), "the second gateway refuses");
        var (client, _) = await first.SignedInClientAsync();
        using var signedIn = client;

        var panel = await Eventually.UntilAsync(() => PanelAsync(client), p => (bool)Replica(p, "gw")["duplicate"]!, "gw flagged duplicate");
        var gw = Replica(panel, "gw");
        Assert.Equal(("host-a", 101, "host-<b>", 202), ((string?)gw["host"], (int?)gw["processId"], (string?)gw["refusedHost"], (int?)gw["refusedProcessId"]));
        Assert.InRange((double)gw["secondsSinceRefused"]!, 0, (double)panel["silentAfterSeconds"]!);
        Assert.InRange(DateTimeOffset.UtcNow - (DateTimeOffset)gw["refusedAt"]!, TimeSpan.FromSeconds(-5), TimeSpan.FromSeconds(5));
        Assert.False((bool)gw["silent"]!);
        var drained = Replica(panel, "drained");
        Assert.Equal((true, false, null), ((bool)drained["left"]!, (bool)drained["duplicate"]!, (string?)drained["refusedHost"]));

        // The refused process stops trying: once its last attempt is older than the silent window, nothing to mend.
        await fleet.StopReplicaAsync(second);
        panel = await Eventually.UntilAsync(() => PanelAsync(client), p => !(bool)Replica(p, "gw")["duplicate"]!, "the note to age out");
        gw = Replica(panel, "gw");
        Assert.Equal((null, null, null, null),
            ((string?)gw["refusedHost"], (int?)gw["refusedProcessId"], (string?)gw["refusedAt"], (double?)gw["secondsSinceRefused"]));
    }

    [Theory]
    [InlineData(60)]
    [InlineData(-60)]
    public async Task FleetPanel_CountsAges_FromTheStoresClock_NotFromAGatewayWhoseClockIsOff(int minutesOff)
    {
        // Last seen and refused are written by the store's clock. Counted from a gateway's clock an hour ahead, every
        // replica was silent and no refusal recent; an hour behind, a replica dead for ten minutes was fresh and an old
        // refusal a duplicate still.
        var ct = TestContext.Current.CancellationToken;
        await using var fleet = await FleetRig.StartAsync(replicas: 1);
        await using (var connection = new NpgsqlConnection(fleet.ConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var insert = new NpgsqlCommand("""
                INSERT INTO strangler_gateway_replicas (replica_id, address, revision, last_seen, run_id, refused_run, refused_host, refused_pid, refused_at)
                VALUES ('fresh', 'http://a', 0, now(), 'r-a', 'r-b', 'web-b', 7, now()),
                       ('dead', 'http://c', 0, now() - interval '10 minutes', 'r-c', 'r-d', 'web-d', 8, now() - interval '10 minutes')
                """, connection);
            await insert.ExecuteNonQueryAsync(ct);
        }

        var offClock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(minutesOff));
        var panel = await FleetPanelBuilder.BuildAsync(fleet.Replicas[0].Service<FleetRouteState>(), offClock, ct);

        var fresh = panel.Replicas.Single(r => r.Id == "fresh");
        Assert.Equal((false, false, true), (fresh.Silent, fresh.Gone, fresh.Duplicate));
        Assert.InRange(fresh.SecondsSinceSeen, 0, 5);
        Assert.InRange(fresh.SecondsSinceRefused!.Value, 0, 5);
        var dead = panel.Replicas.Single(r => r.Id == "dead");
        Assert.Equal((true, false), (dead.Gone, dead.Duplicate));
        Assert.InRange(dead.SecondsSinceSeen, 595, 605);
    }

    [Fact]
    public async Task FleetPanel_OfASingleGateway_SaysSoAndNothingElse()
    {
        await using var rig = await Rig.StartAsync();
        var (client, _) = await rig.Gateway.SignedInClientAsync();
        using var signedIn = client;

        var body = JsonNode.Parse(await client.GetStringAsync(Panel))!.AsObject();

        Assert.Equal(["fleet"], body.Select(p => p.Key));
        Assert.False((bool)body["fleet"]!);
    }

    [Fact]
    public async Task Overview_InAFleet_SumsTheReplicasTraffic_AndDropsAReplicaThatStopped()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 0);
        var fast = new Dictionary<string, string?> { ["Strangler:Gateway:Fleet:TrafficPublishInterval"] = "00:00:00.500" };
        var a = await fleet.StartReplicaAsync("a", extra: fast);
        var b = await fleet.StartReplicaAsync("b", extra: fast);
        for (var i = 0; i < 5; i++)
        {
            await a.GetAsync("/customers/1", "u1");
        }

        for (var i = 0; i < 7; i++)
        {
            await b.GetAsync("/customers/1", "u1");
        }

        var (client, _) = await a.SignedInClientAsync();
        using var signedIn = client;
        var overview = await Eventually.UntilAsync(() => OverviewAsync(client), o => LegacyRequests(o) == 12,
            "replica a's overview to sum both replicas' requests");
        Assert.Equal(2, (int)overview["fleet"]!["replicas"]!);
        Assert.Null(overview["fleet"]!["error"]);
        Assert.True((double)overview["headline"]!["requestsPerSecond"]! > 0);

        await fleet.StopReplicaAsync(b);

        overview = await Eventually.UntilAsync(() => OverviewAsync(client), o => (int)o["fleet"]!["replicas"]! == 1,
            "the stopped replica's figures to age out of the sum");
        Assert.Equal(5, LegacyRequests(overview));
        // Stopped cleanly, its row is marked as left: out of the sum once its last figures are stale, and not silent.
        Assert.Empty(overview["fleet"]!["silent"]!.AsArray());
    }

    [Fact]
    public async Task Overview_InAFleet_NamesAReplicaWhoseFiguresStoppedComing_LeftOutOfTheSum()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 0);
        var a = await fleet.StartReplicaAsync("a", extra: new Dictionary<string, string?> { ["Strangler:Gateway:Fleet:TrafficPublishInterval"] = "00:00:00.500" });
        // A replica that published 20 s ago and not since (frozen, crashed, cut off), and one silent past ReplicaGoneAfter.
        await using (var connection = new NpgsqlConnection(fleet.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var insert = new NpgsqlCommand("""
                INSERT INTO strangler_gateway_traffic (replica_id, figures, published_at) VALUES
                    ('frozen', '[{"subdomain":"customers","side":"legacy","requests":100,"errors":50,"requestsPerSecond":2}]', now() - interval '20 seconds'),
                    ('long-gone', '[]', now() - interval '301 seconds')
                """, connection);
            await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var (client, _) = await a.SignedInClientAsync();
        using var signedIn = client;
        var overview = await OverviewAsync(client);

        Assert.Equal(1, (int)overview["fleet"]!["replicas"]!);
        Assert.Matches(@"^frozen silent for 2\d s$", (string)Assert.Single(overview["fleet"]!["silent"]!.AsArray())!);
        Assert.Equal(0, LegacyRequests(overview));
    }

    [Fact]
    public async Task Overview_OfASingleGateway_IsItsOwnTraffic_WithNoFleetSum()
    {
        await using var rig = await Rig.StartAsync();
        var (client, _) = await rig.Gateway.SignedInClientAsync();
        using var signedIn = client;

        var overview = await OverviewAsync(client);

        Assert.Null(overview["fleet"]);
    }

    private static async Task<JsonObject> OverviewAsync(HttpClient client) =>
        JsonNode.Parse(await client.GetStringAsync(StranglerWire.Dashboard + "/ui/overview"))!.AsObject();

    private static long LegacyRequests(JsonObject overview) =>
        overview["subdomains"]!.AsArray().Where(s => (string)s!["name"]! == "customers")
            .Select(s => (long)s!["legacy"]!["requests"]!).SingleOrDefault();

    private static async Task<JsonObject> PanelAsync(HttpClient client) =>
        JsonNode.Parse(await client.GetStringAsync(Panel))!.AsObject();

    private static List<JsonObject> Replicas(JsonObject panel) => [.. panel["replicas"]!.AsArray().Select(r => r!.AsObject())];

    private static JsonObject Replica(JsonObject panel, string id) =>
        Replicas(panel).FirstOrDefault(r => (string)r["id"]! == id) ?? new JsonObject { ["behind"] = false, ["silent"] = true };

    private static bool Flagged(JsonObject replica) => (bool)replica["behind"]! || (bool)replica["silent"]!;

    private static Action<IServiceCollection> Run(string host, int processId) => services => services.AddSingleton(
        ReplicaRun.Start(TimeProvider.System) with { Host = host, ProcessId = processId });

    private static TcpRelay Relay(FleetRig fleet)
    {
        var builder = new NpgsqlConnectionStringBuilder(fleet.ConnectionString);
        return new TcpRelay(builder.Host!, builder.Port);
    }
}
