using Strangler.Benchmarks.Load;

namespace Strangler.Benchmarks.Tests.Load;

public sealed class WrkOutputParserTests
{
    private const string Report = """
        Running 10s test @ http://127.0.0.1:40000/customers/1
          2 threads and 64 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     3.10ms    1.20ms  40.00ms   90.00%
            Req/Sec    10.50k     1.00k   12.00k    70.00%
          Latency Distribution
             50%    2.90ms
             75%    3.50ms
             90%    4.20ms
             99%    7.85ms
          209000 requests in 10.00s, 40.00MB read
          Socket errors: connect 0, read 2, write 0, timeout 1
          Non-2xx or 3xx responses: 4
        Requests/sec:  20900.42
        Transfer/sec:      4.00MB
        """;

    [Fact]
    public void Parse_LatencyReport_ReadsThroughputP99AndErrors()
    {
        var result = WrkOutputParser.Parse(Report);

        Assert.Equal(20900.42, result.RequestsPerSecond, precision: 2);
        Assert.Equal(TimeSpan.FromMilliseconds(7.85), result.P99);
        Assert.Equal(209000, result.Requests);
        Assert.Equal(7, result.Errors);
    }

    [Theory]
    [InlineData("850.00us", 0.85)]
    [InlineData("1.50s", 1500)]
    public void Parse_P99InOtherUnits_ConvertsToTime(string p99, double milliseconds)
    {
        var result = WrkOutputParser.Parse(Report.Replace("7.85ms", p99, StringComparison.Ordinal));

        Assert.Equal(milliseconds, result.P99.TotalMilliseconds, precision: 3);
    }

    [Fact]
    public void Parse_ReportWithoutLatencyDistribution_SaysWhatIsMissing()
    {
        var error = Assert.Throws<FormatException>(() => WrkOutputParser.Parse("Requests/sec: 10.0"));

        Assert.Contains("99% latency", error.Message);
    }
}
