using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Strangler.Cli.Tests.Campaigns;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands;

/// <summary>
/// Three real <c>strangler gateway</c> processes on one PostgreSQL store, a rollout at 50 % under load through all of
/// them, and one replica that does not hold the <c>rollout</c> lease frozen with SIGSTOP. That replica left the
/// requests in flight across its freeze out of what it published, but the holder, which did not stall, said nothing
/// of it: its evaluation named only its own stalls, so the rollout's status, flips and webhooks did not tell that part
/// of the evidence had been paused on another replica.
/// </summary>
public sealed partial class FleetStallTests
{
    private static readonly TimeSpan Freeze = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task ReplicaWithoutTheLease_FrozenUnderLoad_IsNamedInTheHoldersEvaluation()
    {
        var cancel = TestContext.Current.CancellationToken;
        var store = await FleetStore.MigratedAsync("fleet_stall_");
        try
        {
            await using var legacy = await KestrelHost.StartAsync(app => app.Run(RolloutLoad.SlowAnswer("legacy")));
            await using var @new = await KestrelHost.StartAsync(app => app.Run(RolloutLoad.SlowAnswer("new")));
            using var directory = new TempDirectory();
            var route = RouteFiles.Route("customers", legacy.Url, @new.Url);
            // Bakes long, so the step stays at 50 % and every evaluation (each 5 s) is read while the load goes on. The
            // gates cannot fail: what is checked is the holder's stall line. On a loaded CI machine the 300 ms upstream
            // took over the 2 s timeout on the replicas that did not stall (p99 2.5 s against 3.7 s): 504s on either
            // side by chance, 20 % against 6.7 %, rolled the step back before the stall was named, ending evaluations.
            route["rollout"] = JsonNode.Parse("""
                {"steps": [50, 100], "bakeSeconds": 600, "intervalSeconds": 5, "minRequests": 5,
                 "gates": {"errorRateMargin": 1, "p99Factor": 100}}
                """);
            RouteFiles.Write(directory.Combine("routes"), route);
            var replicas = new Dictionary<string, (ProcessGroup Process, HttpClient Http)>();
            try
            {
                foreach (var id in new[] { "gw-1", "gw-2", "gw-3" })
                {
                    replicas[id] = FleetProcesses.Start(directory, store, id, legacy.Url,
                        // Shorter than the freeze: requests in flight time out as the process resumes, as they would on a longer one.
                        "--Strangler:Gateway:UpstreamTimeout=00:00:02");
                }

                foreach (var (process, http) in replicas.Values)
                {
                    await HttpPolling.GetWhenUpAsync(http, "/_strangler/api/routes", FleetProcesses.ExitAsync(process));
                }

                var holder = await Eventually.UntilAsync(() => FleetProcesses.HolderAsync(store), h => h is not null && replicas.ContainsKey(h),
                    "a replica to hold the rollout lease", seconds: 60);
                var frozen = replicas.Keys.First(id => id != holder);
                using (var started = await replicas[holder!].Http.PostAsJsonAsync("/_strangler/api/rollout/customers/start",
                    new { actor = "test", reason = "a healthy new side, a frozen replica" }, cancel))
                {
                    Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync(cancel));
                }

                using var load = new CancellationTokenSource();
                var clients = replicas.Values.SelectMany(r => Enumerable.Range(0, 4).Select(i => RolloutLoad.RunAsync(r.Http, i, load.Token))).ToList();
                await Task.Delay(TimeSpan.FromSeconds(4), cancel);
                replicas[frozen].Process.Freeze();
                await Task.Delay(Freeze, cancel);
                replicas[frozen].Process.Thaw();

                // A loaded machine can add a stall of its own beside the freeze: the line then counts them ("2 times, 6.2 s in all").
                var named = new Regex($@"(?:^evidence paused: |; )replica {Regex.Escape(frozen)} stalled (?:\d+ times, )?([\d.]+) s(?: in all)?(?:;|$)");
                var evaluation = await Eventually.UntilAsync(() => RolloutLoad.LatestEvaluationAsync(replicas[holder!].Http),
                    e => e?["gates"]?.AsArray().Any(g => (string?)g?["gate"] == "stall" && named.IsMatch((string)g!["value"]!)) == true,
                    $"an evaluation by {holder} naming {frozen}'s stall", seconds: 60);
                await load.CancelAsync();
                await Task.WhenAll(clients);

                var stall = evaluation!["gates"]!.AsArray().Single(g => (string)g!["gate"]! == "stall")!;
                var seconds = double.Parse(named.Match((string)stall["value"]!).Groups[1].Value, CultureInfo.InvariantCulture);
                var log = await File.ReadAllTextAsync(replicas[frozen].Process.Log, cancel);
                Assert.True(seconds is >= 3 and <= 30, $"{stall.ToJsonString()}; {frozen}'s log:\n{log}");
                Assert.Equal("pass", (string)stall["outcome"]!);
                Assert.Matches(@"^\d+ requests? in flight then left out, both sides$", (string)stall["limit"]!);
                Assert.Matches(@"This gateway stalled for \d+\.\d s", log);
                // The line is the other replica's by name (the regex above), so it is not a coincidence of the holder's own:
                // the holder may stall too on a loaded machine, and its "this gateway stalled" then follows the name.
                var state = await replicas[holder!].Http.GetFromJsonAsync<JsonObject>("/_strangler/api/rollout/customers", cancel);
                Assert.True((string?)state!["state"]!["status"] == "running", $"rollout: {state}");
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
}
