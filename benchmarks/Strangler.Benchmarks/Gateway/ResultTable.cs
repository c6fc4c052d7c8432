using System.Globalization;
using System.Text;

namespace Strangler.Benchmarks.Gateway;

/// <summary>
/// Prints the targets side by side. Throughput and p99 are each target's median run. Ratios are taken within each
/// round (the runs are seconds apart, so drift in the machine's speed cancels out) and the median and range of those
/// per-round ratios are shown. CPU per request is the target server's own CPU time over the requests it served.
/// </summary>
internal static class ResultTable
{
    public const string Direct = "upstream (direct)";
    public const string Nginx = "nginx";
    public const string Baseline = "bare YARP";
    public const string QuietBaseline = "bare YARP, Yarp=Warning";
    public const string Gateway = "Strangler gateway";

    public static string Format(GatewayBenchmarkSettings settings, IReadOnlyList<(string Name, List<RunMeasurement> Runs)> rows)
    {
        var baseline = rows.Single(r => r.Name == Baseline).Runs;
        var nginx = rows.Single(r => r.Name == Nginx).Runs;
        var quiet = rows.Single(r => r.Name == QuietBaseline).Runs;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"wrk -t{settings.Wrk.Threads} -c{settings.Wrk.Connections} -d{settings.Wrk.DurationSeconds}s, " +
            $"{settings.Rounds} round(s), medians shown, {Environment.ProcessorCount} cores, 1 KB JSON, a new X-User-Id per request");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{"target",-24} {"requests/s",11} {"p99 ms",8} {"errors",7} {"rps/bare YARP",14} {"(range)",11} " +
            $"{"p99/bare YARP",14} {"rps/YARP quiet",15} {"rps/nginx",10} {"CPU us/req",11}");
        foreach (var (name, runs) in rows)
        {
            var rps = Median(runs.Select(r => r.Wrk.RequestsPerSecond));
            var p99 = Median(runs.Select(r => r.Wrk.P99.TotalMilliseconds));
            var rpsRatios = Ratios(runs, baseline, r => r.Wrk.RequestsPerSecond);
            var p99Ratio = Median(Ratios(runs, baseline, r => r.Wrk.P99.TotalMilliseconds));
            var nginxRatio = Median(Ratios(runs, nginx, r => r.Wrk.RequestsPerSecond));
            var quietRatio = Median(Ratios(runs, quiet, r => r.Wrk.RequestsPerSecond));
            var cpu = Median(runs.Select(r => r.CpuMicrosecondsPerRequest));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{name,-24} {rps,11:F0} {p99,8:F2} {runs.Sum(r => r.Wrk.Errors),7} {Median(rpsRatios),14:F3} " +
                $"{$"{rpsRatios.Min():F2}-{rpsRatios.Max():F2}",11} {p99Ratio,14:F3} {quietRatio,15:F3} {nginxRatio,10:F3} {cpu,11:F1}");
        }

        return text.ToString();
    }

    private static List<double> Ratios(List<RunMeasurement> runs, List<RunMeasurement> reference, Func<RunMeasurement, double> value) =>
        runs.Zip(reference, (run, other) => value(run) / value(other)).ToList();

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
