using System.Globalization;
using System.Text;
using Strangler.Benchmarks.Load;

namespace Strangler.Benchmarks.Gateway;

/// <summary>Prints the targets side by side, with the gateway's ratio to bare YARP (target: at least 0.95).</summary>
internal static class ResultTable
{
    public static string Format(GatewayBenchmarkSettings settings, IReadOnlyList<(string Name, List<WrkResult> Runs)> rows)
    {
        var medians = rows.Select(r => (r.Name, Median: Median(r.Runs), Errors: r.Runs.Sum(x => x.Errors))).ToList();
        var baseline = medians.Single(m => m.Name == "bare YARP").Median;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"wrk -t{settings.Wrk.Threads} -c{settings.Wrk.Connections} -d{settings.Wrk.DurationSeconds}s, " +
            $"{settings.Rounds} round(s), median shown, {Environment.ProcessorCount} cores");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{"target",-20} {"requests/s",12} {"p99 ms",9} {"errors",7} {"rps / bare YARP",16}");
        foreach (var (name, median, errors) in medians)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{name,-20} {median.RequestsPerSecond,12:F0} {median.P99.TotalMilliseconds,9:F2} {errors,7} " +
                $"{median.RequestsPerSecond / baseline.RequestsPerSecond,16:F3}");
        }

        return text.ToString();
    }

    private static WrkResult Median(List<WrkResult> runs) =>
        runs.OrderBy(r => r.RequestsPerSecond).ElementAt(runs.Count / 2);
}
