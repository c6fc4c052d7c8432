using System.Globalization;
using System.Text.RegularExpressions;

namespace Strangler.Benchmarks.Load;

/// <summary>Reads requests/s, the request count, p99 and error counts out of wrk's <c>--latency</c> report.</summary>
internal static partial class WrkOutputParser
{
    public static WrkResult Parse(string output)
    {
        var rps = RequestsPerSecond().Match(output);
        var p99 = Percentile99().Match(output);
        var total = RequestCount().Match(output);
        if (!rps.Success || !p99.Success || !total.Success)
        {
            throw new FormatException($"wrk's report has no Requests/sec, 99% latency or 'N requests in' line:\n{output}");
        }

        long errors = 0;
        if (NonSuccess().Match(output) is { Success: true } nonSuccess)
        {
            errors += long.Parse(nonSuccess.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        foreach (Match socket in SocketErrors().Matches(output))
        {
            errors += long.Parse(socket.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        return new WrkResult(
            double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture),
            ParseDuration(p99.Groups[1].Value, p99.Groups[2].Value),
            errors);
    }

    private static TimeSpan ParseDuration(string value, string unit)
    {
        var number = double.Parse(value, CultureInfo.InvariantCulture);
        return unit switch
        {
            "us" => TimeSpan.FromMicroseconds(number),
            "ms" => TimeSpan.FromMilliseconds(number),
            "s" => TimeSpan.FromSeconds(number),
            "m" => TimeSpan.FromMinutes(number),
            _ => throw new FormatException($"Unknown wrk duration unit '{unit}'."),
        };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"^\s*99(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline)]
    private static partial Regex Percentile99();

    [GeneratedRegex(@"^\s*(\d+) requests in ", RegexOptions.Multiline)]
    private static partial Regex RequestCount();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"(?:connect|read|write|timeout) (\d+)")]
    private static partial Regex SocketErrors();
}
