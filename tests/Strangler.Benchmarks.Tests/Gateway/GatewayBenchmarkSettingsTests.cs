using Strangler.Benchmarks.Gateway;

namespace Strangler.Benchmarks.Tests.Gateway;

public sealed class GatewayBenchmarkSettingsTests
{
    [Fact]
    public void Parse_Options_OverrideTheDefaults()
    {
        var settings = GatewayBenchmarkSettings.Parse(["--duration", "7", "--connections", "32", "--rounds", "3", "--routes", "/r",
            "--gateway", "/opt/strangler", "--nginx", "/opt/nginx"]);

        Assert.Equal(7, settings.Wrk.DurationSeconds);
        Assert.Equal(32, settings.Wrk.Connections);
        Assert.Equal(2, settings.Wrk.Threads);
        Assert.Equal(3, settings.Rounds);
        Assert.Equal("/r", settings.RoutesDirectory);
        Assert.Equal("/opt/strangler", settings.GatewayCommand);
        Assert.Equal("/opt/nginx", settings.NginxCommand);
    }

    [Fact]
    public void Parse_NoOptions_RunsTheShippedCliBesideTheBenchmark()
    {
        var settings = GatewayBenchmarkSettings.Parse([]);

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "strangler"), settings.GatewayCommand);
        Assert.True(File.Exists(settings.GatewayCommand), $"the built CLI should be at {settings.GatewayCommand}");
        Assert.Equal(9, settings.Rounds);
        Assert.Equal(5, settings.Wrk.DurationSeconds);
    }

    [Fact]
    public void Parse_Quick_IsFewerShorterRoundsAndTakesNoValue()
    {
        var settings = GatewayBenchmarkSettings.Parse(["--quick", "--connections", "16"]);

        Assert.Equal(3, settings.Rounds);
        Assert.Equal(3, settings.Wrk.DurationSeconds);
        Assert.Equal(2, settings.WarmupSeconds);
        Assert.Equal(16, settings.Wrk.Connections);
    }

    [Theory]
    [InlineData("--duration", "0", "positive whole number")]
    [InlineData("--threads", "two", "positive whole number")]
    [InlineData("--speed", "1", "Unknown option '--speed'")]
    [InlineData("--logging", "none", "Unknown option '--logging'")]
    public void Parse_BadOption_NamesIt(string option, string value, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => GatewayBenchmarkSettings.Parse([option, value]));

        Assert.Contains(message, error.Message);
    }
}
