using Confluent.Kafka;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands.Dev;

public sealed class DevKafkaCommandTests
{
    [Fact]
    public async Task Serves_a_broker_at_the_printed_address_with_the_requested_topics_until_cancelled()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Topics are created through the mock API found in /proc/self/maps.");
        using var directory = new TempDirectory();
        var file = directory.Combine("kafka.addr");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = CliRunner.RunAsync(["dev", "kafka", "--topic", "orders:3", "--topic", "customers", "--bootstrap-file", file], stop.Token);

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(file) && !run.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(File.Exists(file), "no bootstrap file");
        var bootstrap = (await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken)).Trim();
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build())
        {
            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
            Assert.Equal(3, metadata.Topics.Single(t => t.Topic == "orders").Partitions.Count);
            Assert.Single(metadata.Topics.Single(t => t.Topic == "customers").Partitions);
        }

        stop.Cancel();
        var result = await run;
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Kafka mock cluster listening at {bootstrap}", result.Output);
        // It says what it keeps: the mock drops each partition's oldest messages past about 5 MB.
        Assert.Contains("keeps about the last 5 MB of each partition", result.Output);
    }

    [Theory]
    [InlineData("orders:0")]
    [InlineData("orders:x")]
    [InlineData(":3")]
    [InlineData("a:1:2")]
    public async Task A_bad_topic_is_named_and_nothing_starts(string topic)
    {
        var result = await CliRunner.RunAsync("dev", "kafka", "--topic", topic);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: --topic '{topic}': expected name or name:partitions with 1 to 1000 partitions", result.Error);
        Assert.DoesNotContain("listening", result.Output);
    }

    [Fact]
    public async Task Sigterm_stops_the_process_with_the_stop_message_and_exit_code_0()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "POSIX signals are needed to stop it from outside.");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "strangler.dll"));
        start.ArgumentList.Add("dev");
        start.ArgumentList.Add("kafka");
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var printed = new List<string>();
        try
        {
            while (await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
            {
                printed.Add(line);
                if (line.Contains("Press Ctrl+C", StringComparison.Ordinal))
                {
                    break;
                }
            }

            Assert.False(process.HasExited, $"It ended before it served:\n{string.Join('\n', printed)}");
            using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            bound.CancelAfter(TimeSpan.FromSeconds(60));
            var rest = await process.StandardOutput.ReadToEndAsync(bound.Token);
            await process.WaitForExitAsync(bound.Token);

            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}:\n{rest}\n{await error}");
            Assert.Contains("Stopping the Kafka mock cluster.", rest);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }
}
