using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Strangler.Benchmarks.Hosts;
using Strangler.Benchmarks.Load;

namespace Strangler.Benchmarks.Gateway;

/// <summary>
/// The gateway benchmark: one upstream, called directly, through a bare YARP proxy, and through the Strangler gateway
/// with the demo's route table in canary mode and metrics on; all in this process on loopback, each driven by wrk.
/// </summary>
internal static class GatewayBenchmark
{
    /// <summary>The request path: claimed by the demo's <c>customers</c> route, so the canary decides every request.</summary>
    public const string Path = "/customers/1";

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = GatewayBenchmarkSettings.Parse(args);
        var wrk = new WrkRunner(settings.Wrk);
        var apps = new List<WebApplication>();
        try
        {
            var upstreamApp = UpstreamHost.Create();
            apps.Add(upstreamApp);
            var upstream = await LoopbackHost.StartAsync(upstreamApp);

            var yarpApp = BareYarpHost.Create(upstream, settings.Logging);
            apps.Add(yarpApp);
            var yarp = await LoopbackHost.StartAsync(yarpApp);

            await using var gatewayHost = await GatewayHost.StartAsync(upstream, settings.RoutesDirectory, settings.Logging);
            var targets = new (string Name, string Url)[]
            {
                (ResultTable.Direct, upstream + Path),
                (ResultTable.Baseline, yarp + Path),
                ("Strangler gateway", gatewayHost.Url + Path),
            };

            var results = new Dictionary<string, List<RunMeasurement>>();
            for (var round = 1; round <= settings.Rounds; round++)
            {
                // The order flips every round (direct, YARP, gateway; then gateway, YARP, direct) so that no target always
                // runs right after another and inherits its leftovers (sockets in TIME_WAIT, garbage to collect).
                foreach (var (name, url) in round % 2 == 1 ? targets : Enumerable.Reverse(targets))
                {
                    Console.Error.WriteLine($"round {round}/{settings.Rounds}: {name} ({url})");
                    // A warm-up in the first round settles the JIT and the connection pools; later rounds find them warm,
                    // so their time goes into more rounds, which is what narrows the spread on a small shared machine.
                    if (round == 1)
                    {
                        await new WrkRunner(settings.Wrk with { DurationSeconds = settings.WarmupSeconds })
                            .RunAsync(url, CancellationToken.None);
                    }

                    var result = await MeasureAsync(wrk, url);
                    (results.TryGetValue(name, out var list) ? list : results[name] = []).Add(result);
                }
            }

            Console.WriteLine(ResultTable.Format(settings, targets.Select(t => (t.Name, results[t.Name])).ToList()));
            return results.Values.SelectMany(r => r).Any(r => r.Wrk.Errors > 0) ? 1 : 0;
        }
        finally
        {
            foreach (var app in apps)
            {
                await app.DisposeAsync();
            }
        }
    }

    private static async Task<RunMeasurement> MeasureAsync(WrkRunner wrk, string url)
    {
        using var self = Process.GetCurrentProcess();
        var before = self.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var result = await wrk.RunAsync(url, CancellationToken.None);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        self.Refresh();
        return new RunMeasurement(result, self.TotalProcessorTime - before, allocated);
    }
}
