using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Strangler.Gateway.Fleet;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Fleet;

/// <summary>
/// Two gateway processes configured with one explicit ReplicaId (a config copied across hosts) overwrote one heartbeat
/// row at every beat, and the fleet panel, <c>routes replicas</c> and the rollout's gate evidence mixed their figures
/// under one name, silently. Now the second refuses while the first beats, says why, and is not ready; a row whose
/// holder left, fell silent, or was this host's process that no longer runs is taken over at once. The gateways of one
/// test share a process, so each is given its own run (host, pid) as separate processes would have.
/// </summary>
public sealed class DuplicateReplicaIdTests
{
    [Fact]
    public async Task ASecondGatewayUnderTheSameId_Refuses_LeavesTheFirstsRow_NamesBoth_AndTakesOverWhenTheFirstLeaves()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await FleetRig.StartAsync(replicas: 0);
        var first = await rig.StartReplicaAsync("gw", services: Run("host-a", 101));
        var firstRun = first.Service<ReplicaOwnership>().Run;
        Assert.True(await Eventually.TrueAsync(() => first.Service<ReplicaOwnership>().Held), "the first gateway holds its id");
        // A beat sent before Kestrel has bound its port reports the address configured (port 0); the next one corrects it.
        Assert.True(await Eventually.TrueAsync(async () => (await rig.Store().ReplicasAsync(ct)).Replicas.Any(r => r.Address == first.Url)),
            "the first gateway's row to carry its address");
        var logs = new CapturedLogLines();
        var second = await rig.StartReplicaAsync("gw", services: s =>
        {
            Run("host-b", 202)(s);
            s.AddLogging(b => b.AddProvider(logs));
        });

        // Several refused beats, not just the first: the row must stay the first's throughout.
        Assert.True(await Eventually.TrueAsync(() => second.Service<ReplicaOwnership>().Refusals >= 3), "the second gateway refuses");
        Assert.Equal((firstRun.RunId, "host-a", 101), await HolderAsync(rig, "gw"));
        // Bug: the refused process wrote nothing, so routes replicas listed the holder and no sign of it.
        var listed = Assert.Single((await rig.Store().ReplicasAsync(ct)).Replicas);
        Assert.Equal(("host-a", 101, "host-b", 202), (listed.Host, listed.ProcessId, listed.RefusedHost, listed.RefusedProcessId));
        Assert.InRange(DateTimeOffset.UtcNow - listed.RefusedAt!.Value, TimeSpan.FromSeconds(-5), TimeSpan.FromSeconds(5));
        var refused = await second.Client.GetAsync("/readyz", ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("replica id gw is in use by another running gateway", await refused.Content.ReadAsStringAsync(ct));
        Assert.DoesNotContain("host-a", await refused.Content.ReadAsStringAsync(ct));
        Assert.Equal(HttpStatusCode.OK, (await first.Client.GetAsync("/readyz", ct)).StatusCode);
        var error = Assert.Single(logs.Lines, l => l.StartsWith("Replica id gw is already in use", StringComparison.Ordinal));
        Assert.Contains($"run {firstRun.RunId} on host host-a, pid 101, started ", error);
        Assert.Contains($"run {second.Service<ReplicaOwnership>().Run.RunId} on host host-b, pid 202", error);
        Assert.Contains("Set a distinct Strangler:Gateway:Fleet:ReplicaId for one of them, or leave it unset", error);
        // The holder by the address routes replicas lists for it, and how to pick another: a refused gateway writes
        // nothing to the store, so its log line is all an operator has to go on.
        Assert.Contains($", address {first.Url}", error);
        Assert.EndsWith($": this gateway's default would be {Environment.MachineName}-{Environment.ProcessId}; to set one, "
            + "--Strangler:Gateway:Fleet:ReplicaId=<id> on the command line, or Strangler__Gateway__Fleet__ReplicaId=<id> in the environment; "
            + "strangler routes replicas lists the ids in use", error);

        // The first stops cleanly (its row marked left): the second takes the id over without waiting for a window.
        await rig.StopReplicaAsync(first);
        Assert.True(await Eventually.TrueAsync(() => second.Service<ReplicaOwnership>().Held), "the second gateway takes the id over");
        Assert.Equal((second.Service<ReplicaOwnership>().Run.RunId, "host-b", 202), await HolderAsync(rig, "gw"));
        // Its own refusals are behind it once it holds the id.
        var taken = Assert.Single((await rig.Store().ReplicasAsync(ct)).Replicas);
        Assert.Equal((null, null, null), (taken.RefusedHost, taken.RefusedProcessId, taken.RefusedAt));
        Assert.Equal(HttpStatusCode.OK, (await second.Client.GetAsync("/readyz", ct)).StatusCode);
        Assert.Contains(logs.Lines, l => l.StartsWith("Replica gw: heartbeat row taken over from run " + firstRun.RunId, StringComparison.Ordinal)
            && l.Contains("its holder left", StringComparison.Ordinal));
    }

    // Bug: the refused duplicate published nothing and was not ready, yet its admin API still committed flips to the
    // fleet's store, which every replica then served, under a replica id the fleet counted as the other process's.
    [Fact]
    public async Task ARefusedDuplicate_ChangesNothingInTheFleet_UntilItHoldsItsId()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await FleetRig.StartAsync(replicas: 0);
        var route = RouteFiles.Route("customers", rig.Legacy.Url, rig.New.Url);
        route["rollout"] = RolloutRig.Plan([50, 100], bake: 20, interval: 20, minRequests: 40);
        RouteFiles.Write(rig.RoutesDirectory, route);
        var first = await rig.StartReplicaAsync("gw", services: Run("host-a", 101));
        Assert.True(await Eventually.TrueAsync(() => first.Service<ReplicaOwnership>().Held), "the first gateway holds its id");
        var (earlier, _) = await first.AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode = "canary", percentage = 10, reason = "a revision to roll back to", actor = "ops" });
        Assert.Equal(HttpStatusCode.OK, earlier.StatusCode);
        await RolloutFleet.CommandAsync(first, "start");
        var second = await rig.StartReplicaAsync("gw", services: Run("host-b", 202));
        Assert.True(await Eventually.TrueAsync(() => second.Service<ReplicaOwnership>().Refusals >= 1), "the second gateway refuses");
        var store = new RouteStateStore(Strangler.LegacyDatabase.Dialects.LegacyProvider.Postgres, rig.ConnectionString);
        var revision = await store.ReadRevisionAsync(ct);
        var entries = (await store.ReadHistoryAsync(0, ct)).Count;

        var (flip, problem) = await second.AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode = "new", reason = "through the duplicate", actor = "ops" });
        var (rollback, _) = await second.AdminAsync(HttpMethod.Post, "/rollback",
            new { subdomain = "customers", revision = revision - 1, reason = "through the duplicate", actor = "ops" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, flip.StatusCode);
        Assert.Contains("replica id gw is in use by another running gateway", (string)problem!["detail"]!);
        Assert.Contains("nothing changed", (string)problem["detail"]!);
        Assert.Contains("Strangler:Gateway:Fleet:ReplicaId", (string)problem["detail"]!);
        // An admin is told which process holds the id, so it can be found; /readyz, which anyone may ask, is not.
        Assert.Contains("on host host-a, pid 101", (string)problem["detail"]!);
        Assert.Equal("Strangler:Gateway:Fleet:ReplicaId", (string)problem["setting"]!);
        Assert.True(flip.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a refused change says when to retry");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, rollback.StatusCode);
        Assert.True(rollback.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a refused rollback says when to retry");
        // Every write of the admin API, not only those the route code knows about, and the dashboard's steering.
        var (reset, _) = await second.AdminAsync(HttpMethod.Post, "/diffs/reset", new { subdomain = "customers" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, reset.StatusCode);
        var (dashboardFlip, dashboardProblem) = await DashboardFlipAsync(second, "through the duplicate's dashboard");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, dashboardFlip.StatusCode);
        Assert.True(dashboardFlip.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a refused dashboard flip says when to retry");
        Assert.Contains("replica id gw is in use by another running gateway", (string)dashboardProblem["errors"]![0]!);
        var pause = await RolloutFleet.CommandAsync(second, "pause", HttpStatusCode.ServiceUnavailable);
        Assert.Contains("replica id gw is in use by another running gateway", pause.ToJsonString());
        Assert.Equal("running", (string)(await RolloutFleet.StatusAsync(first))["state"]!["status"]!);
        Assert.Equal(revision, await store.ReadRevisionAsync(ct));
        Assert.Equal(entries, (await store.ReadHistoryAsync(0, ct)).Count);
        Assert.Equal(50, (int)(await second.AdminAsync(HttpMethod.Get, "/routes")).Body!["routes"]![0]!["route"]!["canaryPercentage"]!);

        // Once the holder has left and this one holds the id, the same flip goes through.
        await rig.StopReplicaAsync(first);
        Assert.True(await Eventually.TrueAsync(() => second.Service<ReplicaOwnership>().Held), "the second gateway takes the id over");
        var (retried, change) = await second.AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode = "new", reason = "through the holder", actor = "ops" });
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(revision + 1, (long)change!["revision"]!);
    }

    [Fact]
    public void BeforeItsFirstHeartbeatIsAnswered_AReplicaIsNotReady_AndAnUnreachableStoreStillCountsAsAnAnswer()
    {
        var fleet = new FleetRouteState(Microsoft.Extensions.Options.Options.Create(new FleetOptions
        {
            Store = "postgres", ConnectionString = "Host=127.0.0.1;Port=1", ReplicaId = "gw",
        }), new Strangler.Gateway.Routing.RouteTableStore(), TimeProvider.System, new ServiceCollection().AddMetrics().BuildServiceProvider()
            .GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<FleetRouteState>.Instance);
        var ownership = new ReplicaOwnership(ReplicaRun.Start(TimeProvider.System));

        Assert.Contains("replica id gw is not claimed yet", FleetReadiness.NotReady(fleet, ownership));
        ownership.MarkUnanswered();
        Assert.Null(FleetReadiness.NotReady(fleet, ownership));
    }

    [Fact]
    public async Task ARowWhoseHolderFellSilent_IsTakenOver()
    {
        await using var rig = await FleetRig.StartAsync(replicas: 0);
        // Silent for a minute, against a window of three 0.5 s heartbeats; another host, so no process check applies.
        await InsertHolderAsync(rig, "gw", "dead-run", "elsewhere", 7, "now() - interval '1 minute'");

        var replica = await rig.StartReplicaAsync("gw", services: Run("host-a", 101));

        Assert.True(await Eventually.TrueAsync(() => replica.Service<ReplicaOwnership>().Held), "the silent holder's id is taken over");
        Assert.Equal(0, replica.Service<ReplicaOwnership>().Refusals);
        Assert.Equal((replica.Service<ReplicaOwnership>().Run.RunId, "host-a", 101), await HolderAsync(rig, "gw"));
    }

    [Fact]
    public async Task ARestartOnTheSameHost_TakesOverItsCrashedPredecessorsFreshRow_AtOnce_ButNotALiveProcesssRow()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rig = await FleetRig.StartAsync(replicas: 0);
        // A real process that has ended, as a crashed gateway's would have: its row is fresh (a heartbeat a moment
        // ago) against a window of three one-minute heartbeats, which a plain restart must not wait out unready.
        using var ended = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await ended.WaitForExitAsync(ct);
        await InsertHolderAsync(rig, "crashed", "crashed-run", Environment.MachineName, ended.Id, "now()");
        // This test process is alive: a second gateway on this host under one id, which must be refused.
        await InsertHolderAsync(rig, "running", "running-run", Environment.MachineName, Environment.ProcessId, "now()");
        var slow = new Dictionary<string, string?> { ["Strangler:Gateway:Fleet:HeartbeatInterval"] = "00:01:00" };

        var restarted = await rig.StartReplicaAsync("crashed", extra: slow, services: Run(Environment.MachineName, ended.Id + 100_000));
        var beside = await rig.StartReplicaAsync("running", extra: slow, services: Run(Environment.MachineName, ended.Id + 100_001));

        Assert.True(await Eventually.TrueAsync(() => restarted.Service<ReplicaOwnership>().Held), "the restart takes its predecessor's row");
        Assert.Equal(HttpStatusCode.OK, (await restarted.Client.GetAsync("/readyz", ct)).StatusCode);
        Assert.True(await Eventually.TrueAsync(() => beside.Service<ReplicaOwnership>().Refusals >= 1), "the live process's row is refused");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await beside.Client.GetAsync("/readyz", ct)).StatusCode);
        Assert.Equal(("running-run", Environment.MachineName, Environment.ProcessId), await HolderAsync(rig, "running"));
    }

    /// <summary>A flip through the dashboard, as its page sends one: signed in, with the session's CSRF token.</summary>
    private static async Task<(HttpResponseMessage Response, System.Text.Json.Nodes.JsonNode Body)> DashboardFlipAsync(GatewayHost host, string reason)
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(host.Url) };
        var signIn = await browser.PostAsJsonAsync(StranglerWire.Dashboard + "/session", new { token = GatewayHost.AdminToken }, ct);
        signIn.EnsureSuccessStatusCode();
        var csrf = (string)System.Text.Json.Nodes.JsonNode.Parse(await signIn.Content.ReadAsStringAsync(ct))!["csrfToken"]!;
        using var request = new HttpRequestMessage(HttpMethod.Post, StranglerWire.Dashboard + "/ui/flip")
        {
            Content = JsonContent.Create(new { subdomain = "customers", mode = "new", reason }),
        };
        request.Headers.Add(StranglerWire.CsrfHeader, csrf);
        var response = await browser.SendAsync(request, ct);
        return (response, System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!);
    }

    /// <summary>Registers the run a separate process would have: its own random id, this host name and pid.</summary>
    private static Action<IServiceCollection> Run(string host, int processId) => services => services.AddSingleton(
        ReplicaRun.Start(TimeProvider.System) with { Host = host, ProcessId = processId });

    private static async Task InsertHolderAsync(FleetRig rig, string replica, string run, string host, int processId, string lastSeen)
    {
        await using var connection = new NpgsqlConnection(rig.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var insert = new NpgsqlCommand($"""
            INSERT INTO strangler_gateway_replicas (replica_id, address, revision, last_seen, run_id, host, pid, started_at)
            VALUES (@id, '', 1, {lastSeen}, @run, @host, @pid, now() - interval '1 hour')
            """, connection);
        insert.Parameters.AddWithValue("id", replica);
        insert.Parameters.AddWithValue("run", run);
        insert.Parameters.AddWithValue("host", host);
        insert.Parameters.AddWithValue("pid", processId);
        await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<(string? Run, string? Host, int? Pid)> HolderAsync(FleetRig rig, string replica)
    {
        var holder = await new RouteStateStore(Strangler.LegacyDatabase.Dialects.LegacyProvider.Postgres, rig.ConnectionString)
            .ReadReplicaHolderAsync(replica, TestContext.Current.CancellationToken);
        return (holder?.RunId, holder?.Host, holder?.ProcessId);
    }
}
