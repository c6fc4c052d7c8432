using System.Reflection;
using Microsoft.Data.Sqlite;
using Strangler.Cli.Tests.Infrastructure;
using Strangler.Sync.Hosting;

namespace Strangler.Cli.Tests.Commands;

public sealed class SyncCommandTests
{
    [Fact]
    public async Task Bad_group_settings_exit_2_naming_every_key()
    {
        using var directory = new TempDirectory();
        var result = await CliRunner.RunAsync(
            "sync", "--urls=http://127.0.0.1:0", "--Strangler:Sync:BootstrapServers=127.0.0.1:9",
            $"--Strangler:Sync:Store:LiteDbPath={directory.Combine("store.db")}",
            "--Strangler:Sync:Group:SessionTimeout=00:00:06", "--Strangler:Sync:Group:HeartbeatInterval=00:00:05",
            "--Strangler:Sync:Group:InstanceId=pod 1", "--Strangler:Sync:StallAfter=00:00:00");

        Assert.Equal(2, result.ExitCode);
        // Every refused key is named, on one line of stderr.
        var printed = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", printed);
        Assert.Contains("Strangler:Sync:Group:HeartbeatInterval: must be at most a third of Strangler:Sync:Group:SessionTimeout (00:00:06), was 00:00:05", printed);
        Assert.Contains("Strangler:Sync:Group:InstanceId: 'pod 1' must be", printed);
        Assert.Contains("Strangler:Sync:StallAfter: must be positive, was 00:00:00", printed);
        Assert.False(File.Exists(directory.Combine("store.db")), "the store was opened although the settings were refused");
    }

    [Fact]
    // Found writing a service from the README: a capture table that does not exist ended as "unexpected error
    // (InvalidOperationException): SQLite capture cannot start: Capture:Tables: ...", exit 1, after the host's stack trace.
    public async Task A_capture_table_that_does_not_exist_exits_2_naming_the_key_and_the_databases_tables()
    {
        using var directory = new TempDirectory();
        var legacy = $"Data Source={directory.Combine("legacy.db")};Pooling=False";
        var migrate = await CliRunner.RunAsync("migrate", "--provider", "sqlite", "--connection", legacy);
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        await using (var connection = new SqliteConnection(legacy))
        {
            connection.Open();
            await using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE Invoices (Id INTEGER PRIMARY KEY, Status TEXT NOT NULL)";
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var result = await CliRunner.RunAsync(
            "sync", "--urls=http://127.0.0.1:0", "--Strangler:Sync:UseMockCluster=true",
            $"--Strangler:Sync:Store:LiteDbPath={directory.Combine("store.db")}",
            "--Strangler:Sync:Capture:Enabled=true", $"--Strangler:Sync:Capture:ConnectionString={legacy}", "--Strangler:Sync:Capture:Tables:0=Invoice");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "error: Strangler:Sync:Capture:Tables: table 'Invoice' does not exist (the database's tables: Invoices)",
            Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    // Bug: the help named no setting, not even BootstrapServers: configuring the worker meant reading its source.
    public async Task Help_lists_every_setting_the_worker_reads()
    {
        var result = await CliRunner.RunAsync("sync", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Settings, under Strangler:Sync", result.Output);
        var settings = typeof(SyncOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name)
            // The sections the worker binds beside SyncOptions (Strangler:Sync:Backfill, :Reconcile, :Reports).
            .Concat(["Backfill", "Reconcile", "Reports"]);
        Assert.All(settings, name => Assert.Matches($@"\n {{2}}(\S.*[ {{,])?{name}[:,{{ ]", result.Output));
    }
}
