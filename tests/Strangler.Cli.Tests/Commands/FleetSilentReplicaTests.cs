using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;
using Strangler.Cli.Tests.Campaigns;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands;

/// <summary>
/// Three real <c>strangler gateway</c> processes on one PostgreSQL store. One replica is stopped cleanly (SIGTERM),
/// one that does not hold the <c>rollout</c> lease is frozen (SIGSTOP) for longer than the freshness bound. Before,
/// the frozen one simply dropped out of the fleet's sum and the holder promoted on the evidence of the rest, while the
/// stopped one's rows stayed in the store as if it had crashed. The stopped one's rows now stay marked as left.
/// </summary>
public sealed class FleetSilentReplicaTests
{
    [Fact]
    public async Task AFrozenReplica_HoldsPromotionNamedSilent_UntilItPublishesAgain_AReplicaStoppedCleanlyIsNeither()
    {
        var cancel = TestContext.Current.CancellationToken;
        var store = await FleetStore.MigratedAsync("fleet_silent_");
        try
        {
            await using var legacy = await KestrelHost.StartAsync(app => app.Run(context => context.Response.WriteAsync("legacy")));
            await using var @new = await KestrelHost.StartAsync(app => app.Run(context => context.Response.WriteAsync("new")));
            using var directory = new TempDirectory();
            var route = RouteFiles.Route("customers", legacy.Url, @new.Url);
            // Would promote at the first evaluation after 2 s of healthy traffic, were it not for the frozen replica.
            route["rollout"] = JsonNode.Parse("""
                {"steps": [50, 100], "bakeSeconds": 2, "intervalSeconds": 1, "minRequests": 5, "gates": {"errorRateMargin": 0.05}}
                """);
            RouteFiles.Write(directory.Combine("routes"), route);
            var replicas = new Dictionary<string, (ProcessGroup Process, HttpClient Http)>();
            try
            {
                foreach (var id in new[] { "gw-1", "gw-2", "gw-3" })
                {
                    replicas[id] = FleetProcesses.Start(directory, store, id, legacy.Url);
                }

                foreach (var (process, http) in replicas.Values)
                {
                    await HttpPolling.GetWhenUpAsync(http, "/_strangler/api/routes", FleetProcesses.ExitAsync(process));
                    // Up is not caught up: on a loaded machine a replica can answer before it serves the seeded routes.
                    await Eventually.UntilAsync(() => http.GetStringAsync("/_strangler/api/routes", cancel), body => body.Contains("\"customers\"", StringComparison.Ordinal),
                        "the replica to serve the customers route", seconds: 60);
                }

                var holder = await Eventually.UntilAsync(() => FleetProcesses.HolderAsync(store), h => h is not null && replicas.ContainsKey(h),
                    "a replica to hold the rollout lease", seconds: 60);
                var others = replicas.Keys.Where(id => id != holder).ToList();
                var (frozen, leaving) = (others[0], others[1]);
                await Eventually.UntilAsync(() => LeftAsync(store, leaving), rows => rows == (false, false), $"{leaving}'s heartbeat and traffic rows");

                Assert.True(await replicas[leaving].Process.StopAsync(TimeSpan.FromSeconds(15)), $"{leaving} did not stop on SIGTERM");
                // Its rows stay, marked as left: its last figures count for the rest of their window, and it is not silent.
                Assert.Equal((true, true), await LeftAsync(store, leaving));

                replicas[frozen].Process.Freeze();
                // Past the freshness bound (three publications of 0.5 s) before the rollout starts.
                await Task.Delay(TimeSpan.FromSeconds(2), cancel);
                var admin = replicas[holder!].Http;
                using (var started = await admin.PostAsJsonAsync("/_strangler/api/rollout/customers/start",
                    new { actor = "test", reason = "a healthy new side, a frozen replica" }, cancel))
                {
                    Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync(cancel));
                }

                using var load = new CancellationTokenSource();
                var clients = Enumerable.Range(0, 4).Select(i => RolloutLoad.RunAsync(admin, i, load.Token)).ToList();
                var silent = new Regex($@"^replica {Regex.Escape(frozen)} silent for \d+ s \(last figures \d\d:\d\d:\d\d UTC\)$");
                // Bake 2 s, interval 1 s: the third evaluation is past the bake, and would have promoted.
                var held = await Eventually.UntilAsync(() => StatusAsync(admin),
                    s => Evaluations(s).Count(e => Silent(e) is { } line && (string)line["outcome"]! == "inconclusive"
                        && silent.IsMatch((string)line["value"]!)) >= 3 || (string?)s["state"]?["status"] != "running",
                    $"three evaluations holding for {frozen}, silent", seconds: 60);

                Assert.Equal(("running", 0), ((string)held["state"]!["status"]!, (int)held["state"]!["step"]!));
                Assert.DoesNotContain("promote", Evaluations(held).Select(e => (string)e["action"]!));
                Assert.All(Evaluations(held), e => Assert.DoesNotContain(leaving, Silent(e)?["value"]?.ToString() ?? ""));
                Assert.Contains($"silent: replica {frozen} silent for ", (string)held["state"]!["message"]!);

                replicas[frozen].Process.Thaw();
                var completed = await Eventually.UntilAsync(() => StatusAsync(admin), s => (string?)s["state"]?["status"] != "running",
                    $"the rollout to complete once {frozen} publishes again", seconds: 60);
                await load.CancelAsync();
                await Task.WhenAll(clients);

                Assert.Equal("completed", (string)completed["state"]!["status"]!);
                Assert.Null(Silent(Evaluations(completed).Last(e => (string)e["action"]! == "complete")));
            }
            finally
            {
                FleetProcesses.EndAll(replicas.Values);
            }
        }
        finally
        {
            await FleetStore.DropAsync(store);
        }
    }

    private static async Task<JsonObject> StatusAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonObject>("/_strangler/api/rollout/customers", TestContext.Current.CancellationToken))!;

    private static List<JsonNode> Evaluations(JsonNode status) => [.. (status["state"]?["evaluations"]?.AsArray() ?? []).Select(e => e!)];

    private static JsonNode? Silent(JsonNode evaluation) =>
        evaluation["gates"]!.AsArray().SingleOrDefault(g => (string)g!["gate"]! == "silent");

    /// <summary>Whether the replica's heartbeat and traffic rows are marked as left; null where there is no row.</summary>
    private static async Task<(bool? Heartbeat, bool? Traffic)> LeftAsync(string store, string replica)
    {
        await using var connection = new NpgsqlConnection(store);
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
}
