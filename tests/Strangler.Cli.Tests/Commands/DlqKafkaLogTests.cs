using System.Diagnostics;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Commands;

/// <summary>
/// Bug: <c>strangler dlq</c> turned librdkafka's log off (<c>log_level=0</c>) and gave its clients no logger, so with a
/// wrong <c>--bootstrap-servers</c> the user waited 30 s for "did not answer" and never saw why. Its clients' lines go
/// to stderr now, as <c>strangler load</c>'s do; stdout stays the command's output, which scripts parse.
/// </summary>
public sealed class DlqKafkaLogTests
{
    [Fact]
    public async Task Dlq_list_against_a_closed_port_says_why_on_stderr_and_prints_nothing_on_stdout()
    {
        using var closed = new ClosedPort();
        var address = new Uri(closed.Url).Authority;

        var started = Stopwatch.StartNew();
        var result = await CliProcess.RunAsync(["dlq", "list", "--topic", "t", "--bootstrap-servers", address]);
        var took = started.Elapsed;

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        // Not a timing test but a behaviour: with every broker refusing, the command stops at librdkafka's "all brokers
        // down" instead of waiting out its 30 s timeout, as it did before (the bound leaves room for a busy machine).
        Assert.True(took < TimeSpan.FromSeconds(15), $"took {took.TotalSeconds:0.0} s\n{result}");
        Assert.Contains("brokers are down", result.Error, StringComparison.Ordinal);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // The client's own line, under its category, naming the address and what the connection got.
        var refused = Array.FindIndex(lines, l => l.Contains($"Connect to ipv4#{address} failed: Connection refused", StringComparison.Ordinal));
        Assert.True(refused > 0, result.ToString());
        Assert.Contains("Strangler.Sync.Kafka.Consumer", lines[refused - 1], StringComparison.Ordinal);
        Assert.StartsWith("strangler-dlq-reader#consumer-", lines[refused], StringComparison.Ordinal);
        // librdkafka retried every 50 ms here, the same line each time: it is said once per 10 s (580 lines before).
        Assert.True(lines.Count(l => l.Contains("Connection refused", StringComparison.Ordinal)) <= 10, result.ToString());
        // The command's own line comes last, after the client's lines were flushed.
        Assert.StartsWith($"error: Kafka at {address} did not answer", lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dlq_list_honours_Logging_LogLevel_from_the_environment()
    {
        using var closed = new ClosedPort();
        var address = new Uri(closed.Url).Authority;

        var result = await CliProcess.RunAsync(["dlq", "list", "--topic", "t", "--bootstrap-servers", address],
            new Dictionary<string, string?> { ["Logging__LogLevel__Strangler.Sync.Kafka"] = "None" });

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"error: Kafka at {address} did not answer", line, StringComparison.Ordinal);
    }

    // Bug: a setting on the command line, as every other command that reads settings takes one, was refused as an
    // unknown option, so turning the Kafka client's log up for one run meant editing appsettings.json.
    [Fact]
    public async Task Dlq_list_takes_settings_on_its_command_line_and_refuses_anything_else_unknown()
    {
        using var closed = new ClosedPort();
        var address = new Uri(closed.Url).Authority;
        using var folder = new TempDirectory();
        // STRANGLER_KAFKA names another closed port: the setting on the command line, said for this run, wins over it.
        using var elsewhere = new ClosedPort();
        var environment = new Dictionary<string, string?> { ["STRANGLER_KAFKA"] = new Uri(elsewhere.Url).Authority };

        var result = await CliProcess.RunAsync(["dlq", "list", "--topic", "t", $"--Strangler:Sync:BootstrapServers={address}",
            "--Logging:LogLevel:Strangler.Sync.Kafka=None"], environment, folder.Path);
        var misspelt = await CliProcess.RunAsync(["dlq", "replay", "--topic", "t", "--bootstrap-server", address], environment, folder.Path);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"error: Kafka at {address} did not answer", line, StringComparison.Ordinal);
        Assert.Contains("the address is from --Strangler:Sync:BootstrapServers on the command line: check it", line, StringComparison.Ordinal);
        Assert.Equal(2, misspelt.ExitCode);
        Assert.Contains("unrecognized option or argument '--bootstrap-server'; did you mean --bootstrap-servers?", misspelt.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Bug: <c>strangler dlq</c> took no librdkafka settings, so it could not reach a cluster that needs SASL or TLS; it
    /// reads the worker's (<c>Strangler:Sync:Kafka</c>, <c>Strangler:Sync:BootstrapServers</c>) from the environment and
    /// <c>appsettings.json</c> now.
    /// </summary>
    [Fact]
    public async Task Dlq_list_takes_the_workers_Kafka_settings_from_the_environment_and_never_prints_a_secret()
    {
        using var closed = new ClosedPort();
        var address = new Uri(closed.Url).Authority;
        using var folder = new TempDirectory();

        var result = await CliProcess.RunAsync(["dlq", "list", "--topic", "t"], new Dictionary<string, string?>
        {
            ["STRANGLER_KAFKA"] = null,
            ["Strangler__Sync__BootstrapServers"] = address,
            ["Strangler__Sync__Kafka__client.id"] = "ops-dlq-check",
            ["Strangler__Sync__Kafka__security.protocol"] = "sasl_plaintext",
            ["Strangler__Sync__Kafka__sasl.mechanism"] = "PLAIN",
            ["Strangler__Sync__Kafka__sasl.username"] = "ops",
            ["Strangler__Sync__Kafka__sasl.password"] = "hunter2-dlq-secret",
        }, folder.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        // The client took the settings (its name is the one set), at the address the worker's setting gives.
        Assert.Contains("ops-dlq-check#consumer-", result.Error, StringComparison.Ordinal);
        Assert.StartsWith($"error: Kafka at {address} did not answer",
            result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-dlq-secret", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dlq_list_refuses_a_Kafka_setting_librdkafka_does_not_know_naming_it()
    {
        using var folder = new TempDirectory();

        var result = await CliProcess.RunAsync(["dlq", "list", "--topic", "t", "--bootstrap-servers", "127.0.0.1:1"],
            new Dictionary<string, string?> { ["Strangler__Sync__Kafka__sasl.pasword"] = "hunter2-dlq-secret" }, folder.Path);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("error: a Kafka client setting (Strangler:Sync:Kafka, from appsettings.json or the environment) was refused: ", line, StringComparison.Ordinal);
        Assert.Contains("sasl.pasword", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-dlq-secret", result.ToString(), StringComparison.Ordinal);
    }
}
