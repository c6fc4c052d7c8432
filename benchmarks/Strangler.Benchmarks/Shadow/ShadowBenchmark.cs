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
/// Each round drives each gateway twice with wrk, the gateways taking turns:
/// <list type="bullet">
/// <item>at a fixed offered rate well below saturation (<see cref="PacedConnections"/> connections, each pausing
/// <see cref="PauseMilliseconds"/> between requests): the client's latency, where the target applies (p99 with
/// shadow on at most 1.05x shadow off). A gateway in front of production runs with headroom; at saturation every
/// microsecond of CPU anything spends shows up as queueing in front of it, so a saturated p99 measures capacity, not
/// whether the shadow sits on the request path;</item>
/// <item>closed loop, as fast as it answers: the capacity the shadow costs (requests/s, CPU per request), printed
/// beside, so the cost is never hidden.</item>
/// </list>
/// The tables also show the gateway's peak resident memory and what became of the shadows (compared, dropped).
/// </summary>
internal static partial class ShadowBenchmark
{
    private const string Off = "shadow off";
    private const string On = "shadow on, 100 %";

    /// <summary>Connections of the paced runs.</summary>
    private const int PacedConnections = 16;

    /// <summary>
    /// Pause of each paced connection: 16 connections at 10 ms offer about 1,400 requests/s, a quarter to a half of what
    /// either gateway serves closed loop on the 2-core development machine.
    /// </summary>
    private const int PauseMilliseconds = 10;

    private const int LegacyDelayMs = 1;
    private const int NewDelayMs = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = GatewayBenchmarkSettings.Parse(args);
        if (!args.Contains("--rounds") && !args.Contains("--quick"))
        {
            settings = settings with { Rounds = 7 };
        }

        var wrk = new WrkRunner(settings.Wrk);
        var pacedWrk = new WrkRunner(settings.Wrk with { Connections = PacedConnections, PauseMilliseconds = PauseMilliseconds });
        var servers = new List<ServerProcess>();
        try
        {
            var self = Path.Combine(AppContext.BaseDirectory, "Strangler.Benchmarks");
            var legacy = await Add(servers, StartUpstreamAsync(self, "legacy", LegacyDelayMs));
            var @new = await Add(servers, StartUpstreamAsync(self, "new", NewDelayMs));
            var off = await Add(servers, StartGatewayAsync(settings.GatewayCommand, Off, legacy.Url, @new.Url, shadow: null));
            var on = await Add(servers, StartGatewayAsync(settings.GatewayCommand, On, legacy.Url, @new.Url, new ShadowSettings()));
            var targets = new[] { off, on };
            var runs = targets.ToDictionary(t => t.Name, _ => new List<RunMeasurement>());
            var paced = targets.ToDictionary(t => t.Name, _ => new List<WrkResult>());
            var pacedShadows = new ShadowCounts(0, 0, 0, 0, 0, 0);
            var closedShadows = new ShadowCounts(0, 0, 0, 0, 0, 0);
            using var http = new HttpClient();
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

                    var before = await ShadowCounts.SettledAsync(http, target.Url);
                    paced[target.Name].Add(await pacedWrk.RunAsync(url, CancellationToken.None));
                    var between = await ShadowCounts.SettledAsync(http, target.Url);
                    var cpu = target.CpuTime();
                    var result = await wrk.RunAsync(url, CancellationToken.None);
                    runs[target.Name].Add(new RunMeasurement(result, target.CpuTime() - cpu));
                    if (target == on)
                    {
                        pacedShadows += between - before;
                        closedShadows += await ShadowCounts.SettledAsync(http, target.Url) - between;
                    }
                }
            }

            Console.WriteLine(Format(settings, targets, paced, pacedShadows, runs, closedShadows));
            return runs.Values.SelectMany(r => r).Any(r => r.Wrk.Errors > 0) || paced.Values.SelectMany(r => r).Any(r => r.Errors > 0) ? 1 : 0;
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static string Format(GatewayBenchmarkSettings settings, ServerProcess[] targets,
        Dictionary<string, List<WrkResult>> paced, ShadowCounts pacedShadows, Dictionary<string, List<RunMeasurement>> runs, ShadowCounts closedShadows)
    {
        var pacedRatios = paced[On].Zip(paced[Off], (on, off) => on.P99.TotalMilliseconds / off.P99.TotalMilliseconds).ToList();
        var ratios = runs[On].Zip(runs[Off], (on, off) => on.Wrk.P99.TotalMilliseconds / off.Wrk.P99.TotalMilliseconds).ToList();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{settings.Rounds} round(s) of {settings.Wrk.DurationSeconds} s per run, medians shown, {Environment.ProcessorCount} cores; " +
            $"legacy answers in {LegacyDelayMs} ms, the new side in {NewDelayMs} ms");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"client latency at a fixed offered rate: wrk -t{settings.Wrk.Threads} -c{PacedConnections}, each connection pausing {PauseMilliseconds} ms");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"gateway",-18} {"requests/s",11} {"p99 ms",8} {"errors",7}");
        foreach (var target in targets)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{target.Name,-18} {ResultTable.Median(paced[target.Name].Select(r => r.RequestsPerSecond)),11:F0} " +
                $"{ResultTable.Median(paced[target.Name].Select(r => r.P99.TotalMilliseconds)),8:F2} {paced[target.Name].Sum(r => r.Errors),7}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"shadows in these runs: {pacedShadows.Describe(paced[On].Sum(r => r.Requests))}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"p99 shadow on / off, per round: median {ResultTable.Median(pacedRatios):F3} (range {pacedRatios.Min():F2}-{pacedRatios.Max():F2}); target <= 1.05");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"capacity, closed loop: wrk -t{settings.Wrk.Threads} -c{settings.Wrk.Connections}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{"gateway",-18} {"requests/s",11} {"p99 ms",8} {"errors",7} {"CPU us/req",11} {"peak RSS MiB",13}");
        foreach (var target in targets)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{target.Name,-18} {ResultTable.Median(runs[target.Name].Select(r => r.Wrk.RequestsPerSecond)),11:F0} " +
                $"{ResultTable.Median(runs[target.Name].Select(r => r.Wrk.P99.TotalMilliseconds)),8:F2} {runs[target.Name].Sum(r => r.Wrk.Errors),7} " +
                $"{ResultTable.Median(runs[target.Name].Select(r => r.CpuMicrosecondsPerRequest)),11:F0} {PeakRssMiB(target.GroupId),13:F0}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"shadows in these runs: {closedShadows.Describe(runs[On].Sum(r => r.Wrk.Requests))}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"saturated p99 shadow on / off, per round: median {ResultTable.Median(ratios):F3} (range {ratios.Min():F2}-{ratios.Max():F2}): no target");
        return text.ToString();
    }

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
