using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Strangler.Cli.Commands.Demo;
using Strangler.Cli.Errors;
using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Errors;

/// <summary>
/// A key under a section some options type binds, that no property of it reads, ends the start (exit 2, one line)
/// naming the key, where it came from and the key it most likely meant. It was ignored: the gateway started on its
/// default port with <c>--Strangler:Gateway:Prot=5200</c>, the worker without Kafka with a misspelt variable.
/// </summary>
public sealed class UnknownSettingsTests
{
    [Fact]
    public async Task Gateway_refuses_a_misspelt_key_given_on_the_command_line()
    {
        using var directory = new TempDirectory();
        using var held = Held(out var url);

        var result = await CliProcess.RunAsync(["gateway", "--routes", directory.Path, "--urls", url,
            "--Strangler:Gateway:DefaultUpstream=http://127.0.0.1:1", "--Strangler:Gateway:Prot=5200",
            "--Strangler:Gateway:Fleet:Stroe=postgres"]);

        var line = OneErrorLine(result);
        Assert.StartsWith("error: ", line);
        Assert.Contains("Strangler:Gateway:Prot (from the command line): nothing reads this setting; where a server listens is set with --urls", line);
        Assert.Contains("Strangler:Gateway:Fleet:Stroe (from the command line): nothing reads this setting; did you mean Strangler:Gateway:Fleet:Store?", line);
        Assert.DoesNotContain("5200", line);
    }

    [Fact]
    public async Task Sync_refuses_a_misspelt_environment_variable_naming_it()
    {
        using var directory = new TempDirectory();
        using var held = Held(out var url);

        var result = await CliProcess.RunAsync(["sync", "--urls", url, $"--Strangler:Sync:Store:LiteDbPath={directory.Combine("store.db")}"],
            new Dictionary<string, string?> { ["Strangler__Sync__BootstrapServer"] = "kafka:9092", ["Strangler__Sync__Store__Knid"] = "mongodb" });

        var line = OneErrorLine(result);
        Assert.Contains("Strangler:Sync:BootstrapServer (from the environment variable Strangler__Sync__BootstrapServer): nothing reads this setting; did you mean Strangler:Sync:BootstrapServers?", line);
        Assert.Contains("Strangler:Sync:Store:Knid (from the environment variable Strangler__Sync__Store__Knid): nothing reads this setting; did you mean Strangler:Sync:Store:Kind?", line);
        Assert.DoesNotContain("kafka:9092", line);
        Assert.False(File.Exists(directory.Combine("store.db")), "the store was opened although a setting was refused");
    }

    [Theory]
    [InlineData("reconcile")]
    [InlineData("load")]
    public async Task A_job_refuses_a_misspelt_key_in_appsettings_json_naming_the_file(string job)
    {
        using var directory = new TempDirectory();
        var file = directory.Combine("appsettings.json");
        await File.WriteAllTextAsync(file, """{ "Strangler": { "Sync": { "Reconcile": { "Provider": "sqlite", "BatchSise": 100 } } } }""",
            TestContext.Current.CancellationToken);

        var result = await CliProcess.RunAsync([job, "crm"], workingDirectory: directory.Path);

        var line = OneErrorLine(result);
        Assert.Equal($"{job}: invalid configuration: Strangler:Sync:Reconcile:BatchSise (from {file}): nothing reads this setting; " +
            "did you mean Strangler:Sync:Reconcile:BatchSize?", line);
        Assert.Empty(Directory.GetFiles(directory.Path, "*.ndjson*"));
    }

    [Fact]
    public void Keys_that_are_anyones_and_sections_bound_on_their_own_are_accepted()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Strangler:Gateway:DefaultUpstream"] = "http://legacy",
            ["strangler:gateway:breaker:failurethreshold"] = "3",
            ["Strangler:Gateway:Fleet:Store"] = "postgres",
            ["Strangler:Gateway:Shadow:MaxEndpoints"] = "10",
            ["Strangler:Gateway:Rollout:WebhookUrls:0"] = "http://hook",
            ["Strangler:Dashboard:SyncStatusUrls:0"] = "http://sync",
            // librdkafka's own keys, projection names, event types: free-form.
            ["Strangler:Sync:Kafka:security.protocol"] = "SASL_SSL",
            ["Strangler:Sync:Projections:0:Name"] = "customers-projection",
            ["Strangler:Sync:Projections:0:Root:Table"] = "customers",
            ["Strangler:Sync:Backfill:Mappings:CustomerRegistered:Table"] = "customers",
            ["Strangler:Sync:Backfill:Consumer:Topics:0"] = "customers.events",
            ["Strangler:Sync:Reconcile:LegacyRepair:UpsertEvent"] = "CustomerUpdated",
            ["Strangler:Sync:Reports:Directory"] = "reports",
            ["Strangler:Outbox:BootstrapServers"] = "kafka:9092",
            // Sections nothing here binds are not ours to judge.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:1",
        }).Build();

        Assert.Empty(UnknownSettings.Problems(configuration));
    }

    [Fact]
    public void The_demos_worker_settings_are_all_read()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(DemoSyncConfiguration.For("Data Source=legacy.db", "customers.db")).Build();

        Assert.Empty(UnknownSettings.Problems(configuration));
    }

    private static TcpListener Held(out string url)
    {
        // Held, so a command that got as far as binding would fail on it rather than start.
        var held = new TcpListener(IPAddress.Loopback, 0);
        held.Start();
        url = $"http://127.0.0.1:{((IPEndPoint)held.LocalEndpoint).Port}";
        return held;
    }

    private static string OneErrorLine(CliResult result)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Assert.Single(lines);
    }
}
