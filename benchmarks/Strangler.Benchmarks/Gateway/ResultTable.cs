using System.Globalization;
using System.Text;

namespace Strangler.Benchmarks.Gateway;

/// <summary>
/// Prints the targets side by side. Throughput and p99 are the median run of each target. The ratio to bare YARP is
/// taken within each round (the two runs are seconds apart, so drift in the machine's speed cancels out) and the
/// median and range of those per-round ratios are shown. CPU per request is this process's CPU time (upstream and
/// proxy; wrk runs apart) divided by requests served; the proxy's own share is that minus the direct run's. Bytes allocated per request are
/// split the same way.
/// </summary>
internal static class ResultTable
{
    public const string Baseline = "bare YARP";
    public const string Direct = "upstream (direct)";

    public static string Format(GatewayBenchmarkSettings settings, IReadOnlyList<(string Name, List<RunMeasurement> Runs)> rows)
    {
        var baselineRuns = rows.Single(r => r.Name == Baseline).Runs;
        var directRuns = rows.Single(r => r.Name == Direct).Runs;
        var directCpu = Median(directRuns.Select(r => r.CpuMicrosecondsPerRequest));
        var directBytes = Median(directRuns.Select(r => r.AllocatedBytesPerRequest));
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"wrk -t{settings.Wrk.Threads} -c{settings.Wrk.Connections} -d{settings.Wrk.DurationSeconds}s, " +
            $"{settings.Rounds} round(s), medians shown, {Environment.ProcessorCount} cores, " +
            $"proxy logging: {settings.Logging.ToString().ToLowerInvariant()}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{"target",-20} {"requests/s",11} {"p99 ms",8} {"errors",7} {"rps / bare YARP",16} {"(range)",13} " +
            $"{"CPU us/req",11} {"proxy CPU us/req",17} {"proxy B/req",12}");
        foreach (var (name, runs) in rows)
        {
            var median = runs.OrderBy(r => r.Wrk.RequestsPerSecond).ElementAt(runs.Count / 2).Wrk;
            var ratios = runs.Zip(baselineRuns, (run, baseline) => run.Wrk.RequestsPerSecond / baseline.Wrk.RequestsPerSecond).ToList();
            var cpu = Median(runs.Select(r => r.CpuMicrosecondsPerRequest));
            var proxyCpu = name == Direct ? "-" : (cpu - directCpu).ToString("F1", CultureInfo.InvariantCulture);
            var proxyBytes = name == Direct ? "-"
                : (Median(runs.Select(r => r.AllocatedBytesPerRequest)) - directBytes).ToString("F0", CultureInfo.InvariantCulture);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{name,-20} {median.RequestsPerSecond,11:F0} {median.P99.TotalMilliseconds,8:F2} {runs.Sum(r => r.Wrk.Errors),7} " +
                $"{Median(ratios),16:F3} {$"{ratios.Min():F2}-{ratios.Max():F2}",13} {cpu,11:F1} {proxyCpu,17} {proxyBytes,12}");
        }

        return text.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
