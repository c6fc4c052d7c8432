using Strangler.Benchmarks.Gateway;
using Strangler.Benchmarks.Hosts;

namespace Strangler.Cli.Tests.Benchmarks;

public sealed class GatewayBenchmarkSettingsTests
{
    [Fact]
    public void Parse_Options_OverrideTheDefaults()
    {
        var settings = GatewayBenchmarkSettings.Parse(["--duration", "7", "--connections", "32", "--rounds", "3", "--routes", "/r", "--logging", "none"]);

        Assert.Equal(7, settings.Wrk.DurationSeconds);
        Assert.Equal(32, settings.Wrk.Connections);
        Assert.Equal(2, settings.Wrk.Threads);
        Assert.Equal(3, settings.Rounds);
        Assert.Equal("/r", settings.RoutesDirectory);
        Assert.Equal(HostLogging.None, settings.Logging);
    }

    [Theory]
    [InlineData("--duration", "0", "positive whole number")]
    [InlineData("--threads", "two", "positive whole number")]
    [InlineData("--speed", "1", "Unknown option '--speed'")]
    [InlineData("--logging", "verbose", "'default' or 'none', not 'verbose'")]
    public void Parse_BadOption_NamesIt(string option, string value, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => GatewayBenchmarkSettings.Parse([option, value]));

        Assert.Contains(message, error.Message);
    }
}
