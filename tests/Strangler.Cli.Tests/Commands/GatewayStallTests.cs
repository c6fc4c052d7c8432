using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Strangler.Cli.Tests.Campaigns;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands;

/// <summary>
/// A real <c>strangler gateway</c> process frozen with SIGSTOP while requests are in flight on both sides of a
/// rollout, then resumed. Those requests measure the freeze, not their upstream: before the stall watchdog they came
/// back as 5 s requests and upstream timeouts, opened the new side's breaker and rolled back a healthy new service.
/// </summary>
public sealed partial class GatewayStallTests
{
    private const string Token = "stall-test-admin-token-0123456789";
    private static readonly TimeSpan Freeze = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Gateway_FrozenWithRequestsInFlight_LeavesThemOutOfTheRolloutEvidence()
    {
        var cancel = TestContext.Current.CancellationToken;
        // Upstreams that take 300 ms, so both sides always have requests in flight when the gateway freezes.
        await using var legacy = await KestrelHost.StartAsync(app => app.Run(RolloutLoad.SlowAnswer("legacy")));
        await using var @new = await KestrelHost.StartAsync(app => app.Run(RolloutLoad.SlowAnswer("new")));
        using var directory = new TempDirectory();
        var route = RouteFiles.Route("customers", legacy.Url, @new.Url);
        // An error margin of 1 % and a p99 factor of 2 (not 1.5: two sides' 300 ms may land in neighbouring latency
        // buckets, 1.5x apart): either fails on the freeze's 5 s outcomes. The first evaluation comes 20 s after the
        // start, its window (20 s or more) reaching back past the freeze 3 s in.
        route["rollout"] = JsonNode.Parse("""
            {"steps": [50, 100], "bakeSeconds": 600, "intervalSeconds": 20, "minRequests": 5,
             "gates": {"errorRateMargin": 0.01, "p99Factor": 2}}
            """);
        RouteFiles.Write(directory.Combine("routes"), route);
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        using var gateway = ProcessGroup.StartStrangler(new Dictionary<string, string> { ["Strangler__Gateway__AdminToken"] = Token },
            directory.Path, directory.Combine("gateway.log"), "gateway", "--routes", "routes", "--urls", url,
            $"--Strangler:Gateway:DefaultUpstream={legacy.Url}",
            // Shorter than the freeze: requests in flight time out as the process resumes, as they would on a longer one.
            "--Strangler:Gateway:UpstreamTimeout=00:00:02",
            "--Strangler:Gateway:Rollout:TickInterval=00:00:01");
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        await HttpPolling.GetWhenUpAsync(http, "/_strangler/api/routes", Task.Delay(Timeout.Infinite, cancel));
        using (var started = await http.PostAsJsonAsync("/_strangler/api/rollout/customers/start",
            new { actor = "test", reason = "a healthy new side, a frozen gateway" }, cancel))
        {
            Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync(cancel));
        }

        using var load = new CancellationTokenSource();
        var clients = Enumerable.Range(0, 10).Select(i => RolloutLoad.RunAsync(http, i, load.Token)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(3), cancel);
        gateway.Freeze();
        await Task.Delay(Freeze, cancel);
        gateway.Thaw();
        var thawed = DateTimeOffset.UtcNow;

        // The first evaluation whose window holds the freeze and every request that was in flight during it.
        var evaluation = await Eventually.UntilAsync(() => RolloutLoad.LatestEvaluationAsync(http),
            e => e is not null && e["at"]!.GetValue<DateTimeOffset>() > thawed + TimeSpan.FromSeconds(3),
            "an evaluation of the rollout 3 s after the gateway resumed", seconds: 60);
        await load.CancelAsync();
        var outcomes = (await Task.WhenAll(clients)).SelectMany(o => o).ToList();

        var state = await http.GetFromJsonAsync<JsonObject>("/_strangler/api/rollout/customers", cancel);
        Assert.True(state!["state"]!["status"]!.GetValue<string>() == "running", $"rollout: {state}");
        var gates = evaluation!["gates"]!.AsArray().ToDictionary(g => g!["gate"]!.GetValue<string>(), g => g!);
        Assert.Equal("errors 0.0% vs 0.0%", gates["errors"]["value"]!.GetValue<string>());
        var log = await File.ReadAllTextAsync(gateway.Log, cancel);
        var p99 = P99().Match(gates["p99"]["value"]!.GetValue<string>());
        Assert.True(p99.Success, gates["p99"].ToJsonString());
        // Each side's p99 is its upstream's 300 ms, not the 5 s freeze.
        Assert.All([p99.Groups[1].Value, p99.Groups[2].Value], ms => Assert.True(
            double.Parse(ms, CultureInfo.InvariantCulture) is >= 250 and <= 2_000, $"p99 {ms} ms in {evaluation.ToJsonString()}; log:\n{log}"));
        var stall = StallValue().Match(gates["stall"]["value"]!.GetValue<string>());
        Assert.True(stall.Success, gates["stall"].ToJsonString());
        Assert.InRange(double.Parse(stall.Groups[1].Value, CultureInfo.InvariantCulture), 4, 30);
        Assert.Equal("pass", evaluation["outcome"]!.GetValue<string>());

        Assert.Matches(@"This gateway stalled for \d+\.\d s", log);
        Assert.DoesNotContain("Circuit breaker for customers opened", log, StringComparison.Ordinal);
        var metrics = await http.GetStringAsync("/metrics", cancel);
        Assert.Matches(@"(?m)^strangler_gateway_stalls_total(\{[^}]*\})? [1-9]", metrics);
        Assert.Matches(@"(?m)^strangler_gateway_stall_excluded_total\{[^}]*side=""new""[^}]*\} [1-9]", metrics);
        // Clients still got their answers: the evidence leaves the freeze out, the gateway does not hide it.
        Assert.All(outcomes, status => Assert.True(status is 200 or 502 or 504,
            status == RolloutLoad.NoAnswer ? "a request got no answer" : $"status {status}"));
    }

    [GeneratedRegex(@"^p99 ([\d.]+) ms vs ([\d.]+) ms$")]
    private static partial Regex P99();

    // A loaded machine can add a stall of its own beside the freeze: the line then counts them ("2 times, 6.2 s in all").
    [GeneratedRegex(@"^evidence paused: this gateway stalled (?:\d+ times, )?([\d.]+) s(?: in all)?$")]
    private static partial Regex StallValue();
}
