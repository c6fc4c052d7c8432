using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Strangler.Benchmarks.Gateway;
using Strangler.Benchmarks.Hosts;
using Strangler.Benchmarks.Load;
using Strangler.Gateway.Configuration;

namespace Strangler.Benchmarks.Shadow;

/// <summary>
/// Does shadow traffic cost the client anything? Two gateways as <c>strangler gateway</c> ships them, each its own
/// process: one with the <c>customers</c> route in legacy mode, one with the same route and a default <c>shadow</c>
/// block (100 % of users, noise sampling 10 %). Legacy answers after 1 ms, the new side after 10 ms (10x slower).
/// wrk drives each in turn; the table shows primary p99 and throughput, the ratio of shadow on to off per round,
/// the gateway's peak resident memory, and what became of the shadows (compared, dropped).
/// </summary>
internal static partial class ShadowBenchmark
{
    private const string Off = "shadow off";
    private const string On = "shadow on, 100 %";

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = GatewayBenchmarkSettings.Parse(args);
        if (!args.Contains("--rounds") && !args.Contains("--quick"))
        {
            settings = settings with { Rounds = 7 };
        }

        var wrk = new WrkRunner(settings.Wrk);
        var servers = new List<ServerProcess>();
        try
        {
            var self = Path.Combine(AppContext.BaseDirectory, "Strangler.Benchmarks");
            var legacy = await Add(servers, StartUpstreamAsync(self, "legacy (1 ms)", 1));
            var @new = await Add(servers, StartUpstreamAsync(self, "new (10 ms)", 10));
            var off = await Add(servers, StartGatewayAsync(settings.GatewayCommand, Off, legacy.Url, @new.Url, shadow: null));
            var on = await Add(servers, StartGatewayAsync(settings.GatewayCommand, On, legacy.Url, @new.Url, new ShadowSettings()));
            var targets = new[] { off, on };
            var runs = targets.ToDictionary(t => t.Name, _ => new List<RunMeasurement>());
            for (var round = 1; round <= settings.Rounds; round++)
            {
                foreach (var target in round % 2 == 1 ? targets : targets.Reverse())
                {
                    Console.Error.WriteLine($"round {round}/{settings.Rounds}: {target.Name}");
                    var url = target.Url + GatewayBenchmark.Path;
                    if (round == 1)
                    {
                        await new WrkRunner(settings.Wrk with { DurationSeconds = settings.WarmupSeconds }).RunAsync(url, CancellationToken.None);
                    }

                    var cpu = target.CpuTime();
                    var result = await wrk.RunAsync(url, CancellationToken.None);
                    runs[target.Name].Add(new RunMeasurement(result, target.CpuTime() - cpu));
                }
            }

            Console.WriteLine(await FormatAsync(settings, targets, runs));
            return runs.Values.SelectMany(r => r).Any(r => r.Wrk.Errors > 0) ? 1 : 0;
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static async Task<string> FormatAsync(GatewayBenchmarkSettings settings, ServerProcess[] targets, Dictionary<string, List<RunMeasurement>> runs)
    {
        var ratios = runs[On].Zip(runs[Off], (on, off) => on.Wrk.P99.TotalMilliseconds / off.Wrk.P99.TotalMilliseconds).ToList();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"wrk -t{settings.Wrk.Threads} -c{settings.Wrk.Connections} -d{settings.Wrk.DurationSeconds}s, {settings.Rounds} round(s), " +
            $"medians shown, {Environment.ProcessorCount} cores; legacy answers in 1 ms, the new side in 10 ms");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{"gateway",-18} {"requests/s",11} {"p99 ms",8} {"errors",7} {"CPU us/req",11} {"peak RSS MiB",13} {"shadows sent",13} {"compared",9} {"dropped",8} {"timed out",10}");
        using var http = new HttpClient();
        foreach (var target in targets)
        {
            var metrics = await http.GetStringAsync(target.Url + "/metrics");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{target.Name,-18} {ResultTable.Median(runs[target.Name].Select(r => r.Wrk.RequestsPerSecond)),11:F0} " +
                $"{ResultTable.Median(runs[target.Name].Select(r => r.Wrk.P99.TotalMilliseconds)),8:F2} {runs[target.Name].Sum(r => r.Wrk.Errors),7} " +
                $"{ResultTable.Median(runs[target.Name].Select(r => r.CpuMicrosecondsPerRequest)),11:F0} " +
                $"{PeakRssMiB(target.GroupId),13:F0} {Sum(metrics, "strangler_gateway_shadow_sent_total"),13:F0} " +
                $"{Sum(metrics, "strangler_gateway_shadow_compared_total"),9:F0} {Sum(metrics, "strangler_gateway_shadow_dropped_total"),8:F0} " +
                $"{Sum(metrics, "strangler_gateway_shadow_timeouts_total"),10:F0}");
        }

        text.AppendLine(CultureInfo.InvariantCulture,
            $"p99 shadow on / off, per round: median {ResultTable.Median(ratios):F3} (range {ratios.Min():F2}-{ratios.Max():F2}); target <= 1.05");
        return text.ToString();
    }

    private static double Sum(string metrics, string name) => metrics.Split('\n')
        .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal))
        .Sum(line => double.Parse(line.Split(' ')[^1], CultureInfo.InvariantCulture));

    /// <summary>VmHWM: the most resident memory the gateway process held at any moment of the run.</summary>
    private static double PeakRssMiB(int pid)
    {
        var match = PeakRss().Match(File.ReadAllText($"/proc/{pid}/status"));
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) / 1024 : double.NaN;
    }

    [GeneratedRegex(@"VmHWM:\s+(\d+) kB")]
    private static partial Regex PeakRss();

    private static async Task<ServerProcess> Add(List<ServerProcess> servers, Task<ServerProcess> starting)
    {
        var server = await starting;
        servers.Add(server);
        return server;
    }

    private static Task<ServerProcess> StartUpstreamAsync(string self, string name, int delayMs)
    {
        var url = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        return ServerProcess.StartAsync(name, self,
            ["serve", "upstream", "--urls", url, "--delay-ms", delayMs.ToString(CultureInfo.InvariantCulture)],
            AppContext.BaseDirectory, url, GatewayBenchmark.Path);
    }

    private static Task<ServerProcess> StartGatewayAsync(string command, string name, string legacy, string @new, ShadowSettings? shadow)
    {
        var workDirectory = Path.Combine(Path.GetTempPath(), $"strangler-bench-shadow-{Guid.NewGuid():N}");
        var routes = Path.Combine(workDirectory, "routes");
        Directory.CreateDirectory(routes);
        RouteFileWriter.WriteAtomically(routes, new RouteDefinition
        {
            Name = "customers", Paths = ["/customers", "/customers/{**rest}"], Legacy = legacy, New = @new,
            Mode = RouteMode.Legacy, UserKey = new UserKeySource { Kind = UserKeyKind.Header, Name = "X-User-Id" }, Revision = 1,
            Shadow = shadow,
        });
        var url = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        return ServerProcess.StartAsync(name, command,
            ["gateway", "--routes", "routes", "--urls", url, $"--Strangler:Gateway:DefaultUpstream={legacy}"],
            workDirectory, url, "/readyz", ownsWorkingDirectory: true);
    }
}
