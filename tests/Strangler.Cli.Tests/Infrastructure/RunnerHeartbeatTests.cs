namespace Strangler.Cli.Tests.Infrastructure;

/// <summary>
/// The heartbeat that keeps xunit's VSTest adapter from calling a passing run crashed (see <see cref="RunnerHeartbeatAttribute"/>):
/// it writes to the test's output while the test runs, and stops when the test does.
/// </summary>
public sealed class RunnerHeartbeatTests
{
    [Fact]
    public async Task A_running_test_writes_a_line_each_interval_and_none_once_it_stopped()
    {
        var output = TestContext.Current.TestOutputHelper!;
        using (RunnerHeartbeatAttribute.Start(output, TimeSpan.FromMilliseconds(50)))
        {
            Assert.True(await Eventually.TrueAsync(() => Beats(output) >= 2, seconds: 10), "No two heartbeats in 10 s.");
        }

        var stopped = Beats(output);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        // A tick already under way when the timer was disposed may still write one line.
        Assert.InRange(Beats(output), stopped, stopped + 1);
        Assert.Contains("[heartbeat] still running after", output.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_test_assembly_beats_at_most_every_20_seconds_well_inside_the_adapters_60()
    {
        Assert.Single(typeof(RunnerHeartbeatTests).Assembly.GetCustomAttributes(typeof(RunnerHeartbeatAttribute), inherit: false));
        Assert.True(RunnerHeartbeatAttribute.Interval <= TimeSpan.FromSeconds(20));
    }

    private static int Beats(ITestOutputHelper output) =>
        output.Output.Split('\n').Count(line => line.StartsWith("[heartbeat]", StringComparison.Ordinal));
}
