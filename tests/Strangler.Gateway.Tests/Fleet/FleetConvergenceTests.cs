using System.Diagnostics;
using System.Net;
using Strangler.Gateway.Tests.Infrastructure;

namespace Strangler.Gateway.Tests.Fleet;

public sealed class FleetConvergenceTests
{
    [Fact]
    public async Task FlipsThroughEachReplica_UnderLoadOverAllThree_NoRequestFails_AndEveryReplicaServesTheNewRevision()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 3);
        var seeded = FleetRig.Revision(fleet.Replicas[0]);
        Assert.True(seeded >= 1, "the first replica seeds the empty store from the routes directory");
        Assert.All(fleet.Replicas, r => Assert.Equal(seeded, FleetRig.Revision(r)));

        using var stop = new CancellationTokenSource();
        var failures = new List<string>();
        long requests = 0;
        var load = fleet.Replicas.Select(replica => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var (body, _, response) = await replica.GetAsync("/customers/1", "user-" + (requests % 50));
                    if (response.StatusCode != HttpStatusCode.OK || !(body.StartsWith("legacy ", StringComparison.Ordinal) || body.StartsWith("new ", StringComparison.Ordinal)))
                    {
                        lock (failures)
                        {
                            failures.Add($"{(int)response.StatusCode} {body}");
                        }
                    }
                }
                catch (HttpRequestException ex)
                {
                    lock (failures)
                    {
                        failures.Add(ex.Message);
                    }
                }

                Interlocked.Increment(ref requests);
            }
        })).ToList();

        var convergence = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            var via = fleet.Replicas[i % 3];
            var mode = i % 2 == 0 ? "new" : "legacy";
            var clock = Stopwatch.StartNew();
            // A flip the store could not take answers 503 and changes nothing (a loaded machine can time a commit
            // out); the operator retries, and so does the test. What must never fail is the proxied traffic.
            var (response, change) = await via.AdminAsync(HttpMethod.Post, "/flip",
                new { subdomain = "customers", mode, reason = $"flip {i}", actor = "test" });
            for (var retry = 0; retry < 5 && response.StatusCode == HttpStatusCode.ServiceUnavailable; retry++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                (response, change) = await via.AdminAsync(HttpMethod.Post, "/flip",
                    new { subdomain = "customers", mode, reason = $"flip {i}", actor = "test" });
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var revision = (long)change!["revision"]!;
            await Eventually.UntilAsync(() => Task.FromResult(fleet.Replicas.Select(FleetRig.Revision).ToList()),
                served => served.All(r => r == revision), $"every replica on revision {revision}");
            convergence.Add(clock.Elapsed.TotalMilliseconds);
            foreach (var replica in fleet.Replicas)
            {
                var (body, servedBy, _) = await replica.GetAsync("/customers/1", "u1");
                Assert.StartsWith(mode + " ", body);
                Assert.Equal($"{mode}; rev={revision}", servedBy);
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(load);
        Assert.Empty(failures);
        Assert.True(requests > 0);
        // Measured, not asserted (a loaded 2-core machine is no place for a 1 s bound; the benchmark has the figures).
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"flip -> all 3 replicas: {string.Join(", ", convergence.Select(ms => $"{ms:0} ms"))} under {requests} requests");
    }

    [Fact]
    public async Task ReplicaStartedLater_StartsFromTheStore_NotFromItsRoutesDirectory()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 1);
        var (response, change) = await fleet.Replicas[0].AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode = "new", reason = "moved", actor = "test" });
        Assert.True(response.StatusCode == HttpStatusCode.OK, change?.ToJsonString());

        var late = await fleet.StartReplicaAsync("late");

        var (body, _, _) = await late.GetAsync("/customers/1", "u1");
        Assert.StartsWith("new ", body);
        var file = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(fleet.RoutesDirectory, "customers.json")))!;
        Assert.Equal("legacy", (string)file["mode"]!);
    }

    [Fact]
    public async Task Heartbeats_ListEveryReplicaWithTheRevisionItServes()
    {
        await using var fleet = await FleetRig.StartAsync(replicas: 3);
        var store = fleet.Store();

        var report = await Eventually.UntilAsync(() => store.ReplicasAsync(), r => r.Replicas.Count == 3
                && r.Replicas.All(x => x.Revision == r.Revision && x.LastSync is not null && x.Address.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)),
            "three replicas on the store's revision");

        Assert.Equal(["r0", "r1", "r2"], report.Replicas.Select(r => r.ReplicaId));
        Assert.All(report.Replicas, r => Assert.False(report.IsBehind(r)));
    }

    [Fact]
    public async Task AFlip_IsInEveryReplicasHeartbeatAtOnce_NotAHeartbeatIntervalLater()
    {
        // Before, `routes replicas` run just after a flip flagged every replica BEHIND (exit 3) until its next beat.
        await using var fleet = await FleetRig.StartAsync(replicas: 0);
        var slow = new Dictionary<string, string?> { ["Strangler:Gateway:Fleet:HeartbeatInterval"] = "00:02:00" };
        var first = await fleet.StartReplicaAsync("r0", extra: slow);
        await fleet.StartReplicaAsync("r1", extra: slow);
        var store = fleet.Store();
        await Eventually.UntilAsync(() => store.ReplicasAsync(), r => r.Replicas.Count == 2 && r.Replicas.All(x => !r.IsBehind(x)),
            "both replicas on the seeded revision");

        var (response, change) = await first.AdminAsync(HttpMethod.Post, "/flip",
            new { subdomain = "customers", mode = "new", reason = "all in", actor = "test" });
        Assert.True(response.StatusCode == HttpStatusCode.OK, change?.ToJsonString());
        var revision = (long)change!["revision"]!;

        var report = await Eventually.UntilAsync(() => store.ReplicasAsync(), r => r.Replicas.All(x => x.Revision == revision),
            $"both heartbeats to report revision {revision}, well within the 2-minute interval", seconds: 20);
        Assert.Equal(revision, report.Revision);
        Assert.All(report.Replicas, r => Assert.False(report.IsBehind(r)));
    }
}
