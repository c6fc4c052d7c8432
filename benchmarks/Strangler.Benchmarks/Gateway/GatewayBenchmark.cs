using Strangler.Benchmarks.Hosts;
using Strangler.Benchmarks.Load;

namespace Strangler.Benchmarks.Gateway;

/// <summary>
/// The gateway benchmark: one upstream (1 KB JSON), called directly, through nginx, through bare YARP as its
/// getting-started guide ships it (and a quieter copy beside it), and through the Strangler gateway as
/// <c>strangler gateway</c> ships it. Every server is a process of its own, in its own process group, on loopback;
/// wrk drives each in turn with a different user key per request.
/// </summary>
internal static class GatewayBenchmark
{
    /// <summary>The request path: claimed by the demo's <c>customers</c> route, so the canary decides every request.</summary>
    public const string Path = "/customers/1";

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = GatewayBenchmarkSettings.Parse(args);
        var wrk = new WrkRunner(settings.Wrk);
        var servers = new List<ServerProcess>();
        try
        {
            var self = SelfCommand();
            var upstreamUrl = $"http://127.0.0.1:{ServerProcess.FreePort()}";
            var upstream = await Add(servers, ServerProcess.StartAsync("upstream", self, ["serve", "upstream", "--urls", upstreamUrl],
                AppContext.BaseDirectory, upstreamUrl, Path));
            var nginx = await Add(servers, NginxHost.StartAsync(settings.NginxCommand, upstream.Url));
            var yarp = await Add(servers, StartBareYarpAsync(self, upstream.Url, ResultTable.Baseline, []));
            var quietYarp = await Add(servers, StartBareYarpAsync(self, upstream.Url, ResultTable.QuietBaseline,
                ["--Logging:LogLevel:Yarp=Warning"]));
            var gateway = await Add(servers, GatewayHost.StartAsync(settings.GatewayCommand, upstream.Url, settings.RoutesDirectory, [],
                ResultTable.Gateway));
            var targets = new GatewayTarget[]
            {
                new(ResultTable.Direct, upstream),
                new(ResultTable.Nginx, nginx),
                new(ResultTable.Baseline, yarp),
                new(ResultTable.QuietBaseline, quietYarp),
                new(ResultTable.Gateway, gateway),
            };

            var results = targets.ToDictionary(t => t.Name, _ => new List<RunMeasurement>());
            for (var round = 1; round <= settings.Rounds; round++)
            {
                // The order flips every round (direct ... gateway; then gateway ... direct) so that no target always
                // runs right after another and inherits its leftovers (sockets in TIME_WAIT, garbage to collect).
                foreach (var target in round % 2 == 1 ? targets : targets.Reverse())
                {
                    Console.Error.WriteLine($"round {round}/{settings.Rounds}: {target.Name} ({target.Url})");
                    // A warm-up in the first round settles the JIT and the connection pools; later rounds find them warm.
                    if (round == 1)
                    {
                        await new WrkRunner(settings.Wrk with { DurationSeconds = settings.WarmupSeconds })
                            .RunAsync(target.Url, CancellationToken.None);
                    }

                    results[target.Name].Add(await MeasureAsync(wrk, target));
                }
            }

            Console.WriteLine(ResultTable.Format(settings, targets.Select(t => (t.Name, results[t.Name])).ToList()));
            return results.Values.SelectMany(r => r).Any(r => r.Wrk.Errors > 0) ? 1 : 0;
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static async Task<ServerProcess> Add(List<ServerProcess> servers, Task<ServerProcess> starting)
    {
        var server = await starting;
        servers.Add(server);
        return server;
    }

    private static Task<ServerProcess> StartBareYarpAsync(string self, string upstream, string name, string[] extra)
    {
        var url = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        string[] arguments =
        [
            "serve", "bare-yarp", "--urls", url,
            $"--ReverseProxy:Clusters:cluster1:Destinations:destination1:Address={upstream}/",
            .. extra,
        ];
        // The guide's folder is the working directory, so CreateBuilder finds its appsettings.json as `dotnet run` would.
        return ServerProcess.StartAsync(name, self, arguments, BareYarpHost.ContentRoot, url, Path);
    }

    /// <summary>This benchmark's own executable, which serves the upstream and bare YARP in child processes.</summary>
    private static string SelfCommand() => System.IO.Path.Combine(AppContext.BaseDirectory, "Strangler.Benchmarks");

    private static async Task<RunMeasurement> MeasureAsync(WrkRunner wrk, GatewayTarget target)
    {
        var before = target.Server.CpuTime();
        var result = await wrk.RunAsync(target.Url, CancellationToken.None);
        return new RunMeasurement(result, target.Server.CpuTime() - before);
    }
}
